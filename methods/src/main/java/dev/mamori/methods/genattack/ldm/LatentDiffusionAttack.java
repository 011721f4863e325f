package dev.mamori.methods.genattack.ldm;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.generative.pipelines.DenoisingLoop;
import dev.mamori.generative.pipelines.GenerationOptions;
import dev.mamori.generative.pipelines.GuidedDenoiser;
import dev.mamori.generative.pipelines.Sampler;
import dev.mamori.generative.schedulers.NoiseSchedule;
import dev.mamori.generative.schedulers.PredictionType;
import dev.mamori.generative.schedulers.TimestepSpacing;
import dev.mamori.generative.training.CaptionedBatch;
import dev.mamori.generative.training.CaptionedBatchSource;
import dev.mamori.generative.training.DiffusionTrainingStep;
import dev.mamori.generative.training.LatentEncoding;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.genattack.attack.FreshKeyEncryption;
import dev.mamori.methods.genattack.attack.ReconstructionAttack;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.StateDictFiles;
import dev.mamori.models.diffusion.AutoencoderKL;
import dev.mamori.models.diffusion.UNet2DConditionModel;
import dev.mamori.nn.Stochastic;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;
import dev.mamori.nn.util.Progress;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The latent-diffusion attack on learnable image encryption (docs/METHODS.md item 7 (b)): a latent diffusion model
 * (Rombach et al. 2022, arXiv 2112.10752) whose denoiser is conditioned, by cross-attention, on the tokens of the
 * encrypted image ({@link EncryptedImageConditioner}) instead of a prompt. Trained jointly (UNet and conditioner, one
 * optimizer, {@link DiffusionTrainingStep} on the generic {@link Trainer}) with DDPM's loss in the VAE latent of the
 * PLAIN image, the condition being that image encrypted under a fresh key per example and step
 * ({@link FreshKeyEncryption}); a share of the conditions is dropped for classifier-free guidance. An attacked image is
 * reconstructed by DDIM (Song et al. 2021) with eta 0 from seeded noise (deterministic), then decoded by the VAE.
 */
public final class LatentDiffusionAttack implements ReconstructionAttack {
    /**
     * Diffusion's forward process of Stable Diffusion (scaled-linear betas 0.00085 to 0.012 over 1,000 steps), with
     * v-prediction (Salimans &amp; Ho 2022, as Stable Diffusion 2): at high noise the target is close to the clean latent
     * itself, which the condition determines, so the condition is learned from the first steps on; with epsilon
     * prediction it would only show in the noise estimate's small remainder there.
     */
    public static final NoiseSchedule SCHEDULE = NoiseSchedule.stableDiffusion();
    public static final PredictionType PREDICTION = PredictionType.V_PREDICTION;

    /**
     * The model's size and budget.
     *
     * @param width            token and cross-attention width D
     * @param unetChannels     the UNet's channels per level (attention at every level)
     * @param epochs           passes over the training images (each with new keys)
     * @param batchSize        examples per step
     * @param lr               AdamW learning rate (weight decay 0.01)
     * @param conditionDropout share of examples trained with the null condition
     * @param samplingSteps    DDIM steps of a reconstruction
     * @param guidance         classifier-free guidance scale of a reconstruction (1: none)
     * @param seed             weights, batches, keys and sampling noise derive from it
     */
    public record Settings(int width, int[] unetChannels, int epochs, int batchSize, double lr, double conditionDropout, int samplingSteps,
                           double guidance, long seed) {
        public Settings {
            if (width < 1 || unetChannels == null || unetChannels.length == 0 || epochs < 1 || batchSize < 1 || !(lr > 0)
                    || !(conditionDropout >= 0 && conditionDropout < 1) || samplingSteps < 1 || !(guidance >= 1)) {
                throw new IllegalArgumentException("latent-diffusion attack: width, channels, epochs, batch and steps must be positive, lr > 0,"
                        + " dropout in [0, 1), guidance >= 1");
            }
            unetChannels = unetChannels.clone();
        }

        public String describe() {
            return String.format(Locale.ROOT, "UNet %s with %d-wide cross-attention to per-block tokens, %d epochs x batch %d, AdamW lr %g,"
                    + " condition dropout %.2f; DDIM %d steps, eta 0, guidance %.1f", java.util.Arrays.toString(unetChannels), width, epochs,
                    batchSize, lr, conditionDropout, samplingSteps, guidance);
        }
    }

    private final EncryptionConditionedUNet model;
    private final AutoencoderKL vae;
    private final Settings settings;
    private PrintStream log;

    private LatentDiffusionAttack(EncryptionConditionedUNet model, AutoencoderKL vae, Settings settings) {
        this.model = model;
        this.vae = vae;
        this.settings = settings;
    }

    /** The untrained model for encrypted images of {@code keys}' scheme, weights from the settings' seed. */
    public static LatentDiffusionAttack create(AutoencoderKL vae, Scheme scheme, int blockSize, FreshKeyEncryption keys, Settings s) {
        long[] enc = keys.encodedShape();
        Init.seed(s.seed());
        int latent = vae.config().sampleSize() / vae.config().downsampling();
        boolean[] attention = new boolean[s.unetChannels().length];
        java.util.Arrays.fill(attention, true);
        UNet2DConditionModel unet = ModelRegistry.create("unet_emoji_8", Map.of("crossAttentionDim", s.width(), "inChannels",
                vae.config().latentChannels(), "outChannels", vae.config().latentChannels(), "sampleSize", latent, "blockOutChannels",
                s.unetChannels(), "crossAttention", attention), UNet2DConditionModel.class);
        EncryptedImageConditioner conditioner = new EncryptedImageConditioner(EncryptedImageConditioner.Config.forScheme(scheme, enc, blockSize, s.width()));
        return new LatentDiffusionAttack(new EncryptionConditionedUNet(unet, conditioner), vae, s);
    }

    /**
     * Trains on {@code plain} images [N, C, H, W] in [0, 1] (the VAE is frozen), checkpointing into {@code checkpoints}
     * (null: none) and resuming from there when a checkpoint exists.
     */
    public Trainer.Result train(INDArray plain, FreshKeyEncryption keys, Path checkpoints, boolean showProgress) {
        INDArray moments = LatentEncoding.moments(vae, plain, 64);                              // [N, 2C, h, w]
        int[] rows = new int[(int) plain.size(0)];
        for (int i = 0; i < rows.length; i++) rows[i] = i;
        EncryptedImageContext context = new EncryptedImageContext(plain, keys, model.conditioner);
        DiffusionTrainingStep step = new DiffusionTrainingStep(model.unet, SCHEDULE, PREDICTION, context, settings.conditionDropout(),
                vae.scalingFactor(), true, 0);
        TrainerConfig tc = TrainerConfig.epochs(settings.epochs()).withSeed(Stochastic.mix(settings.seed(), 1)).withGradClipNorm(1.0);
        if (!showProgress) tc = tc.quiet();
        if (checkpoints != null) tc = tc.withCheckpoints(checkpoints, 0).withCheckpointEverySeconds(120).withMetricsFile(checkpoints.resolve("metrics.jsonl"));
        model.train();
        Trainer<CaptionedBatch> t = Trainer.builder(step, tc).module(DiffusionTrainingStep.NAME, model)
                .optimizer(DiffusionTrainingStep.NAME, Adam.adamW(model.trainableParameters(), settings.lr(), 0.01)).build();
        CaptionedBatchSource source = new CaptionedBatchSource(moments, rows, settings.batchSize(), false);
        Trainer.Result r = checkpoints != null ? t.resume(source) : t.fit(source);
        model.eval();
        return r;
    }

    /**
     * Reconstructions [N, C, H, W] in [0, 1] of encrypted images [N, C', H', W']: DDIM with eta 0 from noise seeded by
     * (the settings' seed, image index), so a reconstruction is the same whatever the batch it runs in.
     */
    public INDArray reconstruct(INDArray encrypted, Progress bar) {
        model.eval();
        vae.eval();
        DenoisingLoop loop = new DenoisingLoop(SCHEDULE, PREDICTION, latentShape());
        INDArray uncond = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, model.conditioner.tokens(new long[]{encrypted.size(1), encrypted.size(2), encrypted.size(3)}),
                settings.width());
        GuidedDenoiser denoiser = new GuidedDenoiser(model.unet, uncond);
        GenerationOptions o = new GenerationOptions(Sampler.DDIM, settings.samplingSteps(), TimestepSpacing.LEADING, 0, settings.guidance(),
                settings.seed(), 32);
        long n = encrypted.size(0);
        List<INDArray> out = new ArrayList<>();
        long noiseSeed = Stochastic.mix(settings.seed(), 2);
        try {
            for (long start = 0; start < n; start += o.batchSize()) {
                long end = Math.min(n, start + o.batchSize());
                INDArray chunk = encrypted.get(NDArrayIndex.interval(start, end)).dup('c');
                INDArray context = MemoryScope.outside(() -> {
                    try (GradMode.Scope off = GradMode.noGrad()) {
                        return model.conditioner.call(Tensor.of(chunk)).value().dup();          // [b, T, D]
                    }
                });
                SplittableRandom[] streams = new SplittableRandom[(int) (end - start)];
                for (long i = start; i < end; i++) streams[(int) (i - start)] = new SplittableRandom(Stochastic.mix(noiseSeed, i));
                INDArray z = loop.denoise(loop.noise(streams), null, context, denoiser, o, streams, bar);
                out.add(decode(z));
            }
        } finally {
            MemoryScope.release("sample");
        }
        return Nd4j.concat(0, out.toArray(INDArray[]::new));
    }

    public static final String NAME = "latent diffusion";

    @Override
    public String name() {
        return NAME;
    }

    /** Shows the sampling's progress (rate, ETA) on {@code log} from now on (null: silent). */
    public LatentDiffusionAttack logTo(PrintStream log) {
        this.log = log;
        return this;
    }

    /** {@link #reconstruct(INDArray, Progress)} with a progress bar on the log given to {@link #logTo} (silent without). */
    @Override
    public INDArray reconstruct(INDArray encrypted) {
        long total = encrypted.size(0) * settings.samplingSteps();
        try (Progress bar = log == null ? Progress.silent("ldm sampling", total) : Progress.plain("ldm sampling", total, log)) {
            return reconstruct(encrypted, bar);
        }
    }

    /** UNet evaluations per reconstructed image (for a progress bar's total). */
    public long stepsPerImage() {
        return settings.samplingSteps();
    }

    private long[] latentShape() {
        int s = vae.config().sampleSize() / vae.config().downsampling();
        return new long[]{vae.config().latentChannels(), s, s};
    }

    /** Scaled latents [B, C, h, w] to images [B, 3, H, W] in [0, 1]. */
    private INDArray decode(INDArray scaledLatents) {
        try (MemoryScope ignored = MemoryScope.open("sample"); GradMode.Scope off = GradMode.noGrad()) {
            INDArray img = vae.decode(Tensor.of(scaledLatents.div(vae.scalingFactor()))).value();
            return MemoryScope.keep(Transforms.min(Transforms.max(img.add(1).muli(0.5), 0, false), 1, false));
        }
    }

    /** Writes the UNet and conditioner (not the VAE, which the run keeps once). */
    public void save(Path file) throws IOException {
        StateDictFiles.save(model, file, Map.of("format", "pt", "model", "latent-diffusion attack (unet + encrypted-image conditioner)"));
    }

    /** Loads weights written by {@link #save} into this model (same settings and scheme). */
    public LatentDiffusionAttack load(Path file) throws IOException {
        StateDictFiles.load(model, file, Set.of());
        model.eval();
        return this;
    }

    public EncryptionConditionedUNet model() {
        return model;
    }

    public Settings settings() {
        return settings;
    }
}
