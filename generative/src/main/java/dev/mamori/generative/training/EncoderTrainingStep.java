package dev.mamori.generative.training;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Reduction;
import dev.mamori.models.gan.Generator;
import dev.mamori.models.gan.NoiseInput;
import dev.mamori.models.gan.PspEncoder;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.train.StepContext;
import dev.mamori.nn.train.StepResult;
import dev.mamori.nn.train.TrainingStep;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;

/**
 * One step of a pSp-style encoder's training (Richardson et al. 2021, arXiv 2008.00951, section 3.3): the batch's
 * plain images are turned into the encoder's inputs by {@code inputs} (the identity for inversion; a fresh random key
 * per image for the attack on encrypted images), encoded into W+ around the generator's mean latent, decoded through
 * the frozen generator without noise, and the encoder minimizes pixel MSE + {@code perceptualWeight} x a perceptual
 * distance + {@code latentWeight} x the mean squared offset from w_avg (pSp's W-norm regularizer, the "latent loss").
 * Images come in [0, 1] and are compared in [-1, 1]. Module and optimizer {@value #ENCODER}; the generator's
 * parameters must be frozen (it is not trained here). The transform draws from the step's generator, so keys are a
 * function of the run seed and the step (say so wherever such keys are used: "keys derivable from the seed").
 */
public final class EncoderTrainingStep implements TrainingStep<CaptionedBatch> {
    public static final String ENCODER = "encoder";

    /** Plain images [B, C, R, R] in [0, 1] -> the encoder's inputs, drawing any randomness (keys) from {@code random}. */
    @FunctionalInterface
    public interface InputTransform {
        INDArray apply(INDArray plain, SplittableRandom random);
    }

    public record Weights(double perceptual, double latent) {
        public Weights {
            if (!(perceptual >= 0) || !(latent >= 0)) throw new IllegalArgumentException("encoder loss weights must be >= 0");
        }
    }

    private final PspEncoder encoder;
    private final Generator generator;
    private final InputTransform inputs;
    private final PerceptualLoss perceptual;
    private final Weights weights;

    /** {@code perceptual} may be null when its weight is 0. */
    public EncoderTrainingStep(PspEncoder encoder, Generator generator, InputTransform inputs, PerceptualLoss perceptual, Weights weights) {
        if (weights.perceptual() > 0 && perceptual == null) throw new IllegalArgumentException("a perceptual weight needs a perceptual loss");
        if (!generator.trainableParameters().isEmpty()) throw new IllegalArgumentException("the generator must be frozen (generator.freeze(\"*\"))");
        this.encoder = encoder;
        this.generator = generator;
        this.inputs = inputs;
        this.perceptual = perceptual;
        this.weights = weights;
    }

    @Override
    public StepResult run(CaptionedBatch batch, StepContext context) {
        generator.checkImages(batch.inputs().shape(), "encoder targets for this generator");
        Tensor target = Tensor.of(batch.inputs().mul(2).subi(1));                               // [B, C, R, R] in [-1, 1]
        Tensor x = Tensor.of(inputs.apply(batch.inputs(), context.random()));                    // [B, C', H', W']
        context.zeroGrad(ENCODER);
        Tensor delta = encoder.call(x);                                                          // [B, numWs, w_dim]
        Tensor rec = generator.synthesis.call(encoder.aroundMean(delta, generator.mapping.averageW()), NoiseInput.NONE);                             // [B, C, R, R]
        Tensor pixel = Losses.mse(rec, target, Reduction.MEAN);
        Tensor latent = delta.square().mean();
        Tensor loss = pixel.add(latent.mul(weights.latent()));
        StepResult r = StepResult.of(batch.size());
        if (weights.perceptual() > 0) {
            Tensor p = perceptual.distance(rec, target);
            loss = loss.add(p.mul(weights.perceptual()));
            r.mean("perceptual", p.item());
        }
        loss.backward();
        context.step(ENCODER);
        return r.mean("loss", loss.item()).mean("pixel", pixel.item()).mean("latent", latent.item());
    }
}
