package dev.mamori.generative.training;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.generative.TinyModels;
import dev.mamori.models.gan.Generator;
import dev.mamori.models.gan.NoiseInput;
import dev.mamori.models.gan.PspEncoder;
import dev.mamori.models.gan.StyleGan2;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;
import dev.mamori.nn.util.RandomArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncoderTrainingStepTest {

    /** Images the frozen generator can make (so a perfect encoder exists), in [0, 1]. */
    private static INDArray reachable(Generator g, int n) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            for (int i = 0; i < 4; i++) g.mapping.trackAverage(g.mapping.call(Tensor.of(RandomArrays.normal(new SplittableRandom(i), 0, 1, 32, 8))).value());
            INDArray z = RandomArrays.normal(new SplittableRandom(7), 0, 1, n, 8);
            INDArray img = g.call(Tensor.of(z), 1.0, NoiseInput.NONE).value();
            return img.sub(img.minNumber()).divi(img.maxNumber().doubleValue() - img.minNumber().doubleValue() + 1e-6);
        }
    }

    /** The encoder overfits four pairs through the frozen generator: the pixel loss falls well below its start. */
    @Test
    void encoderOverfitsAFewPairs() {
        Init.seed(11);
        StyleGan2 gan = TinyModels.styleGan(8);
        Generator g = gan.generator;
        INDArray images = reachable(g, 4);
        g.freeze("*");
        PspEncoder encoder = new PspEncoder(PspEncoder.Config.forGenerator(g.config(), 8));
        EncoderTrainingStep step = new EncoderTrainingStep(encoder, g, (plain, rng) -> plain, null, new EncoderTrainingStep.Weights(0, 0.01));
        Trainer<CaptionedBatch> t = Trainer.builder(step, TrainerConfig.epochs(150).withSeed(1).quiet())
                .module(EncoderTrainingStep.ENCODER, encoder)
                .optimizer(EncoderTrainingStep.ENCODER, new Adam(encoder.trainableParameters(), 3e-3)).build();
        Trainer.Result r = t.fit(new CaptionedBatchSource(images, new int[4], 4, false));
        double first = r.history().get(0).metric("train_pixel"), last = r.last().metric("train_pixel");
        assertThat(last).as("pixel MSE after 150 steps, from " + first).isLessThan(0.25 * first);
    }

    @Test
    void theGeneratorMustBeFrozenAndInputsOfAnotherShapeAreAnError() {
        StyleGan2 gan = TinyModels.styleGan(8);
        PspEncoder encoder = new PspEncoder(PspEncoder.Config.forGenerator(gan.config(), 4));
        assertThatThrownBy(() -> new EncoderTrainingStep(encoder, gan.generator, (p, r) -> p, null, new EncoderTrainingStep.Weights(0, 0)))
                .hasMessageContaining("frozen");
        assertThatThrownBy(() -> encoder.call(Tensor.of(RandomArrays.uniform(new SplittableRandom(1), 0, 1, 2, 3, 16, 16))))
                .hasMessageContaining("built for 3x8x8");
    }
}
