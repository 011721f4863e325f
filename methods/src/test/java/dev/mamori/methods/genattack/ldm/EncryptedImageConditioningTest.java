package dev.mamori.methods.genattack.ldm;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.generative.training.CaptionedBatch;
import dev.mamori.generative.training.CaptionedBatchSource;
import dev.mamori.generative.training.ContextSource;
import dev.mamori.generative.training.DiffusionTrainingStep;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.encryption.catalog.SchemeOptions;
import dev.mamori.methods.genattack.attack.FreshKeyEncryption;
import dev.mamori.methods.testing.TestImages;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.diffusion.UNet2DConditionModel;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.train.StepContext;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The encrypted-image conditioner: its token shapes for every learnable cipher (grayscale EtC's stacked gray image
 * included), that the denoising loss's gradient reaches it through {@link DiffusionTrainingStep}, and that a tiny
 * conditioned model trained on two (encrypted, plain) pairs with fresh keys reconstructs each image from an encryption
 * under a key it never saw better than the same model trained without the condition.
 */
class EncryptedImageConditioningTest {
    private static final SchemeOptions OPTIONS = SchemeOptions.defaults().withBlockSize(4);
    private static final int WIDTH = 16;

    @Test
    void tokensForEveryCipherHaveOneTokenPerBlock() {
        INDArray plain = TestImages.eightBit(1, 2, 3, 16, 16);
        for (Scheme s : new Scheme[]{Scheme.LE, Scheme.ELE, Scheme.PE, Scheme.ETC, Scheme.GRAY_ETC, Scheme.BLOCK_SHUFFLE,
                Scheme.BLOCK_NEGATIVE_POSITIVE, Scheme.BLOCK_FFX}) {
            FreshKeyEncryption keys = FreshKeyEncryption.seeded(s, OPTIONS, 3, 16, 16);
            INDArray enc = keys.apply(plain, new SplittableRandom(2));
            EncryptedImageConditioner.Config c = EncryptedImageConditioner.Config.forScheme(s, keys.encodedShape(), 4, WIDTH);
            EncryptedImageConditioner cond = new EncryptedImageConditioner(c);
            Tensor tokens = cond.call(Tensor.of(enc));
            long expected = s == Scheme.GRAY_ETC ? 3 * 16 : 16;                                // grayscale EtC: blocks of the 48x16 gray image
            assertThat(tokens.shape()).as(s.configName()).containsExactly(2, expected, WIDTH);
            assertThat(cond.tokens(keys.encodedShape())).as(s.configName()).isEqualTo(expected);
            assertThat(c.positions() == 0).as(s.configName() + " has no positions iff it scrambles blocks")
                    .isEqualTo(s == Scheme.ELE || s == Scheme.ETC || s == Scheme.GRAY_ETC);
            if (s == Scheme.LE || s == Scheme.ELE) assertThat(c.inChannels()).as("4-bit split").isEqualTo(6);
            if (s == Scheme.GRAY_ETC) assertThat(c.inChannels()).isEqualTo(1);
        }
    }

    @Test
    void withoutPositionsTheTokensAreTheBlocksContentsWhereverTheyAre() {
        EncryptedImageConditioner cond = new EncryptedImageConditioner(new EncryptedImageConditioner.Config(3, 4, WIDTH, 0, false));
        INDArray x = TestImages.eightBit(3, 1, 3, 8, 8);
        INDArray swapped = x.dup();                                                               // swap the top-left and bottom-right blocks
        swapped.get(all(), all(), iv(0, 4), iv(0, 4)).assign(x.get(all(), all(), iv(4, 8), iv(4, 8)));
        swapped.get(all(), all(), iv(4, 8), iv(4, 8)).assign(x.get(all(), all(), iv(0, 4), iv(0, 4)));
        try (GradMode.Scope off = GradMode.noGrad()) {
            INDArray a = cond.call(Tensor.of(x)).value(), b = cond.call(Tensor.of(swapped)).value();
            assertThat(b.get(all(), point(0), all()).equalsWithEps(a.get(all(), point(3), all()), 1e-5)).isTrue();
            assertThat(b.get(all(), point(3), all()).equalsWithEps(a.get(all(), point(0), all()), 1e-5)).isTrue();
        }
        assertThatThrownBy(() -> cond.call(Tensor.of(Nd4j.zeros(DataType.FLOAT, 1, 3, 6, 8)))).hasMessageContaining("multiples of 4");
    }

    @Test
    void theDenoisingLossTrainsTheConditioner() {
        INDArray plain = TestImages.eightBit(5, 4, 3, 8, 8);
        Model m = model(Scheme.ETC, 7);
        INDArray before = m.conditioner.blockEmbedding.weight.value().dup();
        INDArray mlpBefore = m.conditioner.mlp.fc2.weight.value().dup();
        train(m, plain, new EncryptedImageContext(plain, FreshKeyEncryption.seeded(Scheme.ETC, OPTIONS, 3, 8, 8), m.conditioner), 1, 0.1);
        assertThat(m.conditioner.blockEmbedding.weight.value().equalsWithEps(before, 1e-7)).as("block embedding moved").isFalse();
        assertThat(m.conditioner.mlp.fc2.weight.value().equalsWithEps(mlpBefore, 1e-7)).as("token MLP moved").isFalse();
    }

    @Test
    void aConditionedModelReconstructsItsTwoImagesBetterThanAnUnconditionedOne() {
        INDArray plain = twoDistinctImages();                                                     // [2, 3, 8, 8]
        FreshKeyEncryption keys = FreshKeyEncryption.seeded(Scheme.ETC, OPTIONS, 3, 8, 8);
        Model conditioned = model(Scheme.ETC, 11);
        train(conditioned, plain, new EncryptedImageContext(plain, keys, conditioned.conditioner), 80, 0.0);
        Model unconditioned = model(Scheme.ETC, 11);
        train(unconditioned, plain, new NullContext(unconditioned.conditioner.tokens(keys.encodedShape())), 80, 0.0);

        INDArray encrypted = keys.apply(plain, new SplittableRandom(12345));                     // keys drawn apart from training's
        double errConditioned = reconstructionError(conditioned, plain, encrypted);
        double errUnconditioned = reconstructionError(unconditioned, plain, encrypted);
        assertThat(errConditioned).as("conditioned %s vs unconditioned %s", errConditioned, errUnconditioned).isLessThan(0.75 * errUnconditioned);
    }

    // ------------------------------------------------------------------ helpers

    private record Model(EncryptionConditionedUNet both, EncryptedImageConditioner conditioner, UNet2DConditionModel unet) {}

    private static Model model(Scheme scheme, long seed) {
        Init.seed(seed);
        UNet2DConditionModel unet = ModelRegistry.create("unet_emoji_8", Map.of("crossAttentionDim", WIDTH, "inChannels", 3, "outChannels", 3,
                "sampleSize", 8, "blockOutChannels", new int[]{16}, "crossAttention", new boolean[]{true}, "normNumGroups", 8, "attentionHeads", 2),
                UNet2DConditionModel.class);
        long[] enc = FreshKeyEncryption.seeded(scheme, OPTIONS, 3, 8, 8).encodedShape();
        EncryptedImageConditioner c = new EncryptedImageConditioner(EncryptedImageConditioner.Config.forScheme(scheme, enc, 4, WIDTH));
        return new Model(new EncryptionConditionedUNet(unet, c), c, unet);
    }

    /** Trains on the images themselves as clean "latents" in [-1, 1] (no VAE: the test is about the condition). */
    private static void train(Model m, INDArray plain, ContextSource context, int epochs, double dropout) {
        int n = (int) plain.size(0);
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) rows[i] = i;
        INDArray latents = plain.mul(2).subi(1);
        INDArray repeated = Nd4j.concat(0, latents, latents, latents, latents);                   // several draws per step
        int[] repeatedRows = new int[4 * n];
        for (int i = 0; i < repeatedRows.length; i++) repeatedRows[i] = rows[i % n];
        DiffusionTrainingStep step = new DiffusionTrainingStep(m.unet, LatentDiffusionAttack.SCHEDULE, LatentDiffusionAttack.PREDICTION, context,
                dropout, 1.0, false, 0);
        Trainer<CaptionedBatch> t = Trainer.builder(step, TrainerConfig.epochs(epochs).withSeed(3).quiet()).module(DiffusionTrainingStep.NAME, m.both)
                .optimizer(DiffusionTrainingStep.NAME, Adam.adamW(m.both.trainableParameters(), 3e-3, 0)).build();
        t.fit(new CaptionedBatchSource(repeated, repeatedRows, repeatedRows.length, false));
        m.both.eval();
    }

    /**
     * Mean squared error of the clean image the model infers in one step from an almost pure noise image (t = 980,
     * where the noisy image alone hardly tells the two images apart), over 8 noise draws per image.
     */
    private static double reconstructionError(Model m, INDArray plain, INDArray encrypted) {
        long t = 980;
        INDArray z = plain.mul(2).subi(1);
        double err = 0;
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor ctx = m.conditioner.call(Tensor.of(encrypted));
            for (int draw = 0; draw < 8; draw++) {
                INDArray eps = dev.mamori.nn.util.RandomArrays.normal(new SplittableRandom(100 + draw), 0, 1, z.shape()).castTo(z.dataType());
                Tensor xt = LatentDiffusionAttack.SCHEDULE.addNoise(Tensor.of(z), Tensor.of(eps), new long[]{t, t});
                Tensor out = m.unet.call(xt, new long[]{t, t}, ctx);
                INDArray x0 = LatentDiffusionAttack.SCHEDULE.originalSample(LatentDiffusionAttack.PREDICTION, out, xt, t, t).value();
                err += x0.squaredDistance(z) / z.length();
            }
        }
        return err / 8;
    }

    /** Two images whose blocks differ in content (not only in place): flat mid-gray, and a 0/1 checkerboard in red. */
    private static INDArray twoDistinctImages() {
        INDArray x = Nd4j.zeros(DataType.FLOAT, 2, 3, 8, 8);
        x.get(point(0)).assign(0.5);
        for (int h = 0; h < 8; h++) for (int w = 0; w < 8; w++) x.putScalar(new long[]{1, 0, h, w}, (h + w) % 2);
        return x;
    }

    /** The unconditioned model's context: zero tokens always (what the conditioned model's null condition is). */
    private record NullContext(long tokens) implements ContextSource {
        @Override
        public Tensor context(int[] rows, boolean[] dropped, StepContext step) {
            return Tensor.of(Nd4j.zeros(DataType.FLOAT, rows.length, tokens, WIDTH));
        }

        @Override
        public long width() {
            return WIDTH;
        }
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex all() {
        return org.nd4j.linalg.indexing.NDArrayIndex.all();
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex point(long i) {
        return org.nd4j.linalg.indexing.NDArrayIndex.point(i);
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex iv(long a, long b) {
        return org.nd4j.linalg.indexing.NDArrayIndex.interval(a, b);
    }
}
