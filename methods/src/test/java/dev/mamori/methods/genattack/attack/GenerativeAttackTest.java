package dev.mamori.methods.genattack.attack;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.methods.encryption.attacks.TrainingCheckpoints;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.encryption.catalog.SchemeOptions;
import dev.mamori.models.gan.Generator;
import dev.mamori.models.gan.NoiseInput;
import dev.mamori.models.gan.PspEncoder;
import dev.mamori.models.gan.StyleGanConfig;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.StateDicts;
import dev.mamori.nn.train.Checkpoint;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.util.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack end to end on a tiny random generator whose own images are the "plain" ones (so reconstruction is
 * possible): trained on EtC pairs with a fresh key per image, it decodes images encrypted with keys it never saw to
 * images nearer the plain ones than the encrypted images are. The numbers of such a run say nothing about emoji.
 */
class GenerativeAttackTest {

    @Test
    void reconstructionsFromUnseenKeysBeatTheEncryptedImages() {
        Generator g = tinyGenerator();
        INDArray plain = ownImages(g);
        INDArray train = plain.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 32)), test = plain.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(32, 40));
        FreshKeyEncryption keys = FreshKeyEncryption.seeded(Scheme.ETC, SchemeOptions.defaults().withBlockSize(4), 3, 16, 16);
        PspEncoder e = GenerativeAttack.train(g, train, keys, new GenerativeAttack.Settings(8, 15, 8, 3e-3, 0.01, 1), TrainingCheckpoints.NONE);
        INDArray encrypted = keys.apply(test, new SplittableRandom(12345));                 // keys the encoder never saw
        GenerativeAttack.Scores s = GenerativeAttack.score(test, encrypted, GenerativeAttack.reconstruct(e, g, encrypted));
        assertThat(s.psnrReconstructed()).as(s.toString()).isGreaterThan(s.psnrEncrypted());
        assertThat(s.ssimReconstructed()).as(s.toString()).isGreaterThan(s.ssimEncrypted());
    }

    /**
     * The encoder's training stopped after 5 of its 12 steps (the checkpoint a kill leaves) and trained again into the
     * same folder continues to the bytes of an uninterrupted training: the step's fresh keys come from (seed, step).
     */
    @Test
    void anEncoderTrainingStoppedMidwayContinuesToTheSameWeights(@TempDir Path dir) throws java.io.IOException {
        Generator g = tinyGenerator();
        INDArray train = ownImages(g).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 32));
        FreshKeyEncryption keys = FreshKeyEncryption.seeded(Scheme.ETC, SchemeOptions.defaults().withBlockSize(4), 3, 16, 16);
        GenerativeAttack.Settings settings = new GenerativeAttack.Settings(8, 3, 8, 3e-3, 0.01, 1);    // 3 epochs x 4 batches
        PspEncoder whole = GenerativeAttack.train(g, train, keys, settings, new TrainingCheckpoints(dir.resolve("whole"), 0, null));
        TrainingCheckpoints killed = new TrainingCheckpoints(dir.resolve("killed"), 0, null);
        GenerativeAttack.train(g, train, keys, settings, killed, 5);
        assertThat(Checkpoint.read(killed.dir(), Trainer.LAST).position().step()).isEqualTo(5);
        // named, so that the trainer says where it continues from (else a retraining from the same seed would pass too)
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = System.err;
        PspEncoder continued;
        System.setErr(new java.io.PrintStream(said, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            continued = GenerativeAttack.train(g, train, keys, settings, killed.named("encoder"));
        } finally {
            System.setErr(err);
        }
        assertThat(said.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("encoder: resuming from", "(step 5)");
        Map<String, INDArray> a = StateDicts.of(continued), e = StateDicts.of(whole);
        assertThat(a.keySet()).containsExactlyElementsOf(e.keySet());
        e.forEach((k, v) -> assertThat(a.get(k).dup('c').data().asBytes()).as(k).isEqualTo(v.dup('c').data().asBytes()));
    }

    /** A tiny random StyleGAN (16x16) with its average w tracked. */
    private static Generator tinyGenerator() {
        Init.seed(4);
        Generator g = new Generator(new StyleGanConfig(16, 3, 8, 8, 2, new int[]{8, 8, 8}, new int[]{4, 4, 4}, 0.9));
        try (GradMode.Scope off = GradMode.noGrad()) {
            for (int i = 0; i < 4; i++) g.mapping.trackAverage(g.mapping.call(Tensor.of(RandomArrays.normal(new SplittableRandom(i), 0, 1, 32, 8))).value());
        }
        return g;
    }

    /** 40 of the generator's own images in [0, 1]: "plain" images it can reconstruct. */
    private static INDArray ownImages(Generator g) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            INDArray img = g.call(Tensor.of(RandomArrays.normal(new SplittableRandom(9), 0, 1, 40, 8)), 1.0, NoiseInput.NONE).value();
            return Transforms.max(Transforms.min(img.add(1).muli(0.5), 1.0, false), 0.0, false);
        }
    }
}
