package dev.mamori.methods.genattack.attack;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.eval.metrics.Psnr;
import dev.mamori.eval.metrics.Ssim;
import dev.mamori.generative.training.CaptionedBatch;
import dev.mamori.generative.training.CaptionedBatchSource;
import dev.mamori.generative.training.EncoderTrainingStep;
import dev.mamori.methods.encryption.attacks.TrainingCheckpoints;
import dev.mamori.models.gan.Generator;
import dev.mamori.models.gan.NoiseInput;
import dev.mamori.models.gan.PspEncoder;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

/**
 * The StyleGAN half of the generative attack on learnable image encryption: a {@link PspEncoder} learns to map images
 * encrypted with fresh keys ({@link FreshKeyEncryption}) to the W+ styles whose image, through the frozen generator,
 * is the plain image (pixel and latent losses, {@link EncoderTrainingStep}); an attacked image is then decoded as
 * G(w_avg + E(encrypted)) without noise. {@link #score} compares reconstructions and the encrypted images themselves
 * with the plain images (PSNR, SSIM): the encrypted image is the baseline the reconstruction has to beat.
 */
public final class GenerativeAttack {
    private GenerativeAttack() {
    }

    /** The encoder's size and training budget. */
    public record Settings(int encoderWidth, int epochs, int batchSize, double lr, double latentWeight, long seed) {
        public Settings {
            if (encoderWidth < 1 || epochs < 1 || batchSize < 1 || !(lr > 0) || !(latentWeight >= 0)) {
                throw new IllegalArgumentException("attack settings: width, epochs and batch size must be positive, lr > 0, latent weight >= 0");
            }
        }
    }

    /**
     * Trains an encoder for {@code generator} (frozen here) on {@code plain} images [N, C, R, R] in [0, 1], checkpointing
     * into {@code checkpoints} ({@link TrainingCheckpoints#NONE}: nowhere); a killed training continues from there (the
     * step's keys come from the step context, a function of (seed, step), so it sees what an uninterrupted one saw).
     */
    public static PspEncoder train(Generator generator, INDArray plain, FreshKeyEncryption keys, Settings s, TrainingCheckpoints checkpoints) {
        return train(generator, plain, keys, s, checkpoints, Long.MAX_VALUE);
    }

    /** As the public {@code train}, stopping (with a checkpoint) after {@code stopAfter} steps in all: a kill, for tests. */
    static PspEncoder train(Generator generator, INDArray plain, FreshKeyEncryption keys, Settings s, TrainingCheckpoints checkpoints, long stopAfter) {
        if (!generator.trainableParameters().isEmpty()) generator.freeze("*");
        long[] enc = keys.encodedShape();
        Init.seed(s.seed());
        PspEncoder encoder = new PspEncoder(new PspEncoder.Config((int) enc[0], (int) enc[1], (int) enc[2], s.encoderWidth(),
                generator.config().numWs(), generator.config().wDim()));
        EncoderTrainingStep step = new EncoderTrainingStep(encoder, generator, keys, null, new EncoderTrainingStep.Weights(0, s.latentWeight()));
        TrainerConfig tc = checkpoints.applyTo(TrainerConfig.epochs(s.epochs()).withSeed(s.seed()).withMaxSteps(stopAfter));
        Trainer<CaptionedBatch> t = Trainer.builder(step, tc).module(EncoderTrainingStep.ENCODER, encoder)
                .optimizer(EncoderTrainingStep.ENCODER, new Adam(encoder.trainableParameters(), s.lr())).build();
        CaptionedBatchSource source = new CaptionedBatchSource(plain, new int[(int) plain.size(0)], s.batchSize(), false);
        if (checkpoints.dir() != null) t.resume(source);
        else t.fit(source);
        return encoder;
    }

    /** Reconstructions [N, C, R, R] in [0, 1] of encrypted images [N, C', H', W'], in chunks of 64. */
    public static INDArray reconstruct(PspEncoder encoder, Generator generator, INDArray encrypted) {
        long n = encrypted.size(0);
        INDArray wAvg = generator.mapping.averageW();
        INDArray[] parts = new INDArray[(int) ((n + 63) / 64)];
        for (int c = 0; c < parts.length; c++) {
            INDArray chunk = encrypted.get(NDArrayIndex.interval(c * 64L, Math.min(n, c * 64L + 64)));
            parts[c] = MemoryScope.outside(() -> {
                try (GradMode.Scope off = GradMode.noGrad()) {
                    INDArray img = generator.synthesis.call(encoder.encode(Tensor.of(chunk), wAvg), NoiseInput.NONE).value();
                    return Transforms.max(Transforms.min(img.add(1).muli(0.5), 1.0, false), 0.0, false);
                }
            });
        }
        return Nd4j.concat(0, parts);
    }

    /**
     * Mean PSNR and SSIM of reconstructions and of the encrypted images against the plain ones; the encrypted image's
     * scores are NaN (not measured) when its shape is not the plain image's (grayscale EtC's stacked planes).
     */
    public record Scores(double psnrReconstructed, double psnrEncrypted, double ssimReconstructed, double ssimEncrypted) {
    }

    public static Scores score(INDArray plain, INDArray encrypted, INDArray reconstructed) {
        Ssim ssim = Ssim.standard();
        boolean comparable = Arrays.equals(plain.shape(), encrypted.shape());
        return new Scores(mean(Psnr.perImage(plain, reconstructed)), comparable ? mean(Psnr.perImage(plain, encrypted)) : Double.NaN,
                mean(ssim.perImage(plain, reconstructed)), comparable ? mean(ssim.perImage(plain, encrypted)) : Double.NaN);
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }
}
