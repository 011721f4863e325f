package dev.mamori.methods.genattack.attack;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.encryption.catalog.SchemeOptions;
import dev.mamori.models.gan.Generator;
import dev.mamori.models.gan.NoiseInput;
import dev.mamori.models.gan.PspEncoder;
import dev.mamori.models.gan.StyleGanConfig;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.util.RandomArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

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
        Init.seed(4);
        Generator g = new Generator(new StyleGanConfig(16, 3, 8, 8, 2, new int[]{8, 8, 8}, new int[]{4, 4, 4}, 0.9));
        INDArray plain;
        try (GradMode.Scope off = GradMode.noGrad()) {
            for (int i = 0; i < 4; i++) g.mapping.trackAverage(g.mapping.call(Tensor.of(RandomArrays.normal(new SplittableRandom(i), 0, 1, 32, 8))).value());
            INDArray img = g.call(Tensor.of(RandomArrays.normal(new SplittableRandom(9), 0, 1, 40, 8)), 1.0, NoiseInput.NONE).value();
            plain = Transforms.max(Transforms.min(img.add(1).muli(0.5), 1.0, false), 0.0, false);
        }
        INDArray train = plain.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 32)), test = plain.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(32, 40));
        FreshKeyEncryption keys = FreshKeyEncryption.seeded(Scheme.ETC, SchemeOptions.defaults().withBlockSize(4), 3, 16, 16);
        PspEncoder e = GenerativeAttack.train(g, train, keys, new GenerativeAttack.Settings(8, 15, 8, 3e-3, 0.01, 1), null);
        INDArray encrypted = keys.apply(test, new SplittableRandom(12345));                 // keys the encoder never saw
        GenerativeAttack.Scores s = GenerativeAttack.score(test, encrypted, GenerativeAttack.reconstruct(e, g, encrypted));
        assertThat(s.psnrReconstructed()).as(s.toString()).isGreaterThan(s.psnrEncrypted());
        assertThat(s.ssimReconstructed()).as(s.toString()).isGreaterThan(s.ssimEncrypted());
    }
}
