package dev.mamori.methods.diffusion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.generative.pipelines.LatentDiffusionModel;
import dev.mamori.generative.pipelines.PipelineFolder;
import dev.mamori.generative.pipelines.PromptEncoder;
import dev.mamori.generative.schedulers.BetaSchedule;
import dev.mamori.generative.schedulers.NoiseSchedule;
import dev.mamori.generative.schedulers.PredictionType;
import dev.mamori.generative.training.CaptionedBatchSource;
import dev.mamori.generative.training.ClipContrastiveStep;
import dev.mamori.generative.training.DiffusionTrainingStep;
import dev.mamori.generative.training.LatentEncoding;
import dev.mamori.generative.training.PerceptualLoss;
import dev.mamori.generative.training.VaeTrainingStep;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.StateDictFiles;
import dev.mamori.models.diffusion.AutoencoderKL;
import dev.mamori.models.diffusion.PatchDiscriminator;
import dev.mamori.models.diffusion.UNet2DConditionModel;
import dev.mamori.models.text.ClipModel;
import dev.mamori.models.text.ClipTextModel;
import dev.mamori.models.text.WordTokenizer;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.optim.LrSchedule;
import dev.mamori.nn.train.EpochRecord;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trains a latent diffusion model from captioned images, stage by stage, each on the generic {@link Trainer} with
 * checkpoints (exact resume after a kill) in {@code <run>/checkpoints/<stage>}: (1) a word tokenizer fitted on the
 * training texts; (2) the CLIP-style pair, contrastively; (3) the KL autoencoder with L1 + perceptual (the frozen CLIP
 * image tower's features) + KL, then its latent scaling factor measured on the training images; (4) the
 * text-conditioned UNet on the cached latent posteriors with the frozen text tower, condition dropout and an EMA.
 * The result is written as a diffusers-style pipeline folder ({@code <run>/pipeline}) plus the CLIP pair
 * ({@code <run>/clip}). A finished stage is recorded in the run directory's journal with its {@link StageSummary}; a
 * resumed run skips the recorded stages (loading their weights) and continues the interrupted one from its last
 * checkpoint. A {@link Place} puts the stages in a sub-folder of a run (sketch-to-photo's foundation and its per-seed
 * UNets, the spurious-feature experiment's base model), journalled as {@code <folder>/<stage>}.
 */
public final class LatentDiffusionTraining {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    public static final String CLIP = "clip", VAE = "vae", UNET = "unet";

    private LatentDiffusionTraining() {}

    /** The trained model, the CLIP pair (for scoring; null when the foundation came from a pipeline folder), and what each stage did. */
    public record Trained(LatentDiffusionModel model, ClipModel clip, List<StageSummary> stages) {}

    /**
     * What the UNet is trained on top of: the tokenizer, the CLIP-style pair (its text tower conditions the UNet) and the
     * autoencoder with its measured scaling factor, with their stage summaries.
     */
    public record Foundation(WordTokenizer tokenizer, ClipModel clip, ClipTextModel textEncoder, AutoencoderKL vae, UNet2DConditionModel pretrainedUnet,
                             List<StageSummary> stages) {
        /**
         * The foundation of an already trained text-to-image model (a given {@code train diffusion} run's pipeline): its
         * tokenizer, text tower and autoencoder with its scaling factor, and with {@code fineTune} its UNet as the start
         * of every UNet trained on it ({@link #unet}). A pipeline keeps no CLIP image tower, so {@code clip} is null;
         * nothing was trained here, so there are no stages.
         */
        public static Foundation of(LatentDiffusionModel trained, boolean fineTune) {
            return new Foundation(trained.tokenizer(), null, trained.textEncoder(), trained.vae(), fineTune ? trained.unet() : null, List.of());
        }
    }

    /**
     * Where stages live: {@code folder} of the run directory ("" for its root), their finished stages journalled as
     * {@code <folder>/<stage>} (plain {@code <stage>} at the root).
     */
    public record Place(RunDirectory run, String folder) {
        public Place {
            if (folder == null || folder.startsWith("/") || folder.contains("..")) throw new IllegalArgumentException("a stage folder inside the run is required, got " + folder);
        }

        /** The run's root: what {@code mamori train diffusion} uses. */
        public static Place root(RunDirectory run) {
            return new Place(run, "");
        }

        Path dir() throws IOException {
            return folder.isEmpty() ? run.dir() : run.stage(folder);
        }

        String name(String stage) {
            return folder.isEmpty() ? stage : folder + "/" + stage;
        }
    }

    /** All four stages at the run's root: the foundation, then the text-conditioned UNet without a spatial condition. */
    public static Trained run(DiffusionConfig cfg, CaptionedImages train, RunDirectory run, PrintStream log) throws IOException {
        return run(cfg, train, Place.root(run), log);
    }

    /** All four stages in {@code place}. */
    public static Trained run(DiffusionConfig cfg, CaptionedImages train, Place place, PrintStream log) throws IOException {
        Foundation f = foundation(cfg, train, place, log);
        return unet(cfg, cfg.seed, train, f, null, place, log);
    }

    /** Stages (1) to (3) in {@code place} (each skipped when done there), seeded by {@code cfg.seed}. */
    public static Foundation foundation(DiffusionConfig cfg, CaptionedImages train, Place place, PrintStream log) throws IOException {
        Path dir = place.dir();
        Path pipeline = dir.resolve("pipeline");
        List<StageSummary> stages = new ArrayList<>();
        // (1) tokenizer: fitted on the training texts only, so held-out prompts can hold unknown words
        WordTokenizer tokenizer;
        if (Files.isRegularFile(pipeline.resolve("tokenizer/vocab.json"))) {
            tokenizer = WordTokenizer.load(pipeline.resolve("tokenizer"));
        } else {
            tokenizer = WordTokenizer.fit(train.texts(), cfg.minWordCount, cfg.contextLength);
            tokenizer.save(pipeline.resolve("tokenizer"));
        }
        int truncated = 0;
        for (String t : train.texts()) if (tokenizer.encode(t).truncated()) truncated++;
        log.printf("tokenizer: %d words from %d training texts (word-level); %d texts longer than the %d-token context are truncated%n",
                tokenizer.vocabSize(), train.texts().size(), truncated, cfg.contextLength);
        WordTokenizer.Batch captionTable = tokenizer.encodeBatch(train.texts(), null);

        // (2) CLIP-style pair
        Init.seed(ExperimentSeeds.of(cfg.seed, CLIP));
        ClipModel clip = ModelRegistry.create(cfg.clip.model, with(cfg.clip.modelConfig, Map.of("vocabSize", tokenizer.vocabSize(),
                "contextLength", cfg.contextLength)), ClipModel.class);
        Path clipFile = dir.resolve("clip/model.safetensors");
        StageSummary clipSummary = done(place, CLIP);
        if (clipSummary != null) {
            StateDictFiles.load(clip, clipFile, Set.of());
            log.println("clip: done earlier, loaded " + clipFile);
        } else {
            log.printf("clip: training %s (%,d parameters) for %d epochs on %d images%n", cfg.clip.model, clip.parameterCount(), cfg.clip.epochs, train.size());
            CaptionedBatchSource source = new CaptionedBatchSource(train.images(), train.textOf(), cfg.clip.batchSize, false);
            Adam opt = Adam.adamW(clip.trainableParameters(), cfg.clip.lr, cfg.clip.weightDecay);
            Trainer<?> t = Trainer.builder(new ClipContrastiveStep(clip, captionTable), trainerConfig(cfg, cfg.seed, cfg.clip, dir, CLIP, 0))
                    .module(ClipContrastiveStep.NAME, clip).optimizer(ClipContrastiveStep.NAME, opt, schedule(cfg.clip, source.batchesPerEpoch())).build();
            clipSummary = finish(dir, CLIP, cfg.clip.model, clip, cfg.clip.epochs, resume(t, source));
            StateDictFiles.save(clip, clipFile, Map.of("format", "pt"));
            Files.writeString(dir.resolve("clip/config.json"), JSON.writeValueAsString(ModelRegistry.describe(clip).orElseThrow().config()));
            markDone(place, clipSummary);
        }
        stages.add(clipSummary);
        clip.eval();
        setTrainable(clip, false);

        // (3) KL autoencoder, then its scaling factor
        Init.seed(ExperimentSeeds.of(cfg.seed, VAE));
        AutoencoderKL vae = ModelRegistry.create(cfg.vae.model, cfg.vae.modelConfig, AutoencoderKL.class);
        StageSummary vaeSummary = done(place, VAE);
        if (vaeSummary != null) {
            StateDictFiles.load(vae, pipeline.resolve("vae/diffusion_pytorch_model.safetensors"), Set.of());
            vae.setScalingFactor(vaeSummary.facts.get("scaling_factor"));
            log.println("vae: done earlier, loaded (scaling factor " + vae.scalingFactor() + ")");
        } else {
            log.printf("vae: training %s (%,d parameters) for %d epochs%n", cfg.vae.model, vae.parameterCount(), cfg.vae.epochs);
            CaptionedBatchSource source = new CaptionedBatchSource(train.images(), train.textOf(), cfg.vae.batchSize, cfg.vae.flip);
            PerceptualLoss perceptual = cfg.vae.perceptualWeight > 0 ? new PerceptualLoss(x -> clip.visionModel.hiddenStates(x,
                    Math.min(cfg.vae.perceptualLayers, clip.config.visionLayers()))) : null;
            PatchDiscriminator disc = cfg.vae.discriminatorWeight > 0 ? new PatchDiscriminator(3, 32, 2) : null;
            VaeTrainingStep step = new VaeTrainingStep(vae, perceptual, disc, new VaeTrainingStep.Weights(cfg.vae.klWeight,
                    cfg.vae.perceptualWeight, cfg.vae.discriminatorWeight, cfg.vae.discriminatorStart));
            // latent diffusion's autoencoder optimizer: Adam with betas (0.5, 0.9)
            Adam opt = new Adam(vae.trainableParameters(), cfg.vae.lr, 0.5, 0.9, 1e-8, cfg.vae.weightDecay, true);
            var b = Trainer.builder(step, trainerConfig(cfg, cfg.seed, cfg.vae, dir, VAE, 0)).module(VaeTrainingStep.VAE, vae)
                    .optimizer(VaeTrainingStep.VAE, opt, schedule(cfg.vae, source.batchesPerEpoch()));
            if (disc != null) {
                b.module(VaeTrainingStep.DISCRIMINATOR, disc).optimizer(VaeTrainingStep.DISCRIMINATOR,
                        new Adam(disc.trainableParameters(), cfg.vae.lr, 0.5, 0.9, 1e-8, 0, true));
            }
            vaeSummary = finish(dir, VAE, cfg.vae.model, vae, cfg.vae.epochs, resume(b.build(), source));
            INDArray moments = LatentEncoding.moments(vae, train.images(), 128);
            double scale = LatentEncoding.scalingFactor(moments, ExperimentSeeds.of(cfg.seed, "latent-scale"));
            vae.setScalingFactor(scale);
            vaeSummary.facts.put("scaling_factor", scale);
            vaeSummary.facts.put("latent_std", 1 / scale);
            log.printf("vae: latent std %.4f on the training images, scaling factor %.5f%n", 1 / scale, scale);
            saveVae(vae, pipeline);
            markDone(place, vaeSummary);
        }
        stages.add(vaeSummary);
        vae.eval();

        return new Foundation(tokenizer, clip, clip.textEncoder(), vae, null, stages);
    }

    /**
     * Stage (4) in {@code place} (skipped when done there), seeded by {@code seed}: the UNet on the cached latent posteriors
     * of the training images with the foundation's frozen text tower. With a {@code condition} (sketch-to-photo's edge
     * map), the UNet takes its channels beside the latents and each training image's condition rides with its moments;
     * the model is written as a pipeline folder {@code <place>/pipeline}.
     */
    public static Trained unet(DiffusionConfig cfg, long seed, CaptionedImages train, Foundation f, UnetCondition condition, Place place, PrintStream log)
            throws IOException {
        Path dir = place.dir();
        Path pipeline = dir.resolve("pipeline");
        List<StageSummary> stages = new ArrayList<>(f.stages());
        AutoencoderKL vae = f.vae();
        WordTokenizer tokenizer = f.tokenizer();
        int k = condition == null ? 0 : condition.channels();
        // (4) UNet on the cached posteriors, text tower frozen
        ClipTextModel textEncoder = f.textEncoder();
        textEncoder.eval();
        NoiseSchedule schedule = cfg.unet.betaSchedule.equals("linear") ? NoiseSchedule.ddpm()
                : new NoiseSchedule(BetaSchedule.SCALED_LINEAR, 0.00085, 0.012, 1000);
        PredictionType prediction = cfg.unet.prediction.equals("v_prediction") ? PredictionType.V_PREDICTION : PredictionType.EPSILON;
        Init.seed(ExperimentSeeds.of(seed, UNET));
        UNet2DConditionModel unet = f.pretrainedUnet() != null ? widened(f.pretrainedUnet(), k)
                : ModelRegistry.create(cfg.unet.model, with(cfg.unet.modelConfig, Map.of("crossAttentionDim",
                textEncoder.config().width(), "inChannels", vae.config().latentChannels() + k, "outChannels", vae.config().latentChannels(),
                "sampleSize", vae.config().sampleSize() / vae.config().downsampling())), UNet2DConditionModel.class);
        StageSummary unetSummary = done(place, UNET);
        if (unetSummary != null) {
            StateDictFiles.load(unet, pipeline.resolve("unet/diffusion_pytorch_model.safetensors"), Set.of());
            log.println("unet: done earlier, loaded");
        } else {
            log.printf("unet: %s (%,d parameters) for %d epochs on cached latents%n", f.pretrainedUnet() != null ? "fine-tuning the given run's UNet"
                    + (k > 0 ? " with " + k + " new zero-initialized condition input channel(s)" : "") : "training " + cfg.unet.model,
                    unet.parameterCount(), cfg.unet.epochs);
            INDArray moments = LatentEncoding.moments(vae, train.images(), 128);
            if (condition != null) moments = condition.withMoments(moments, train.images());   // [N, 2C + k, h, w]
            PromptEncoder prompts = new PromptEncoder(tokenizer, textEncoder, null);
            INDArray table = contextTable(prompts, train.texts());
            INDArray uncond = MemoryScope.outside(prompts::unconditional);
            CaptionedBatchSource source = new CaptionedBatchSource(moments, train.textOf(), cfg.unet.batchSize, false);
            DiffusionTrainingStep step = new DiffusionTrainingStep(unet, schedule, prediction, table, uncond, cfg.unet.conditionDropout,
                    vae.scalingFactor(), true, k);
            Adam opt = Adam.adamW(unet.trainableParameters(), cfg.unet.lr, cfg.unet.weightDecay);
            Trainer<?> t = Trainer.builder(step, trainerConfig(cfg, seed, cfg.unet, dir, UNET, cfg.unet.ema)).module(DiffusionTrainingStep.NAME, unet)
                    .optimizer(DiffusionTrainingStep.NAME, opt, schedule(cfg.unet, source.batchesPerEpoch())).build();
            Trainer.Result r = resume(t, source);
            if (t.ema() != null) t.ema().swap();   // the averaged weights are the model
            unetSummary = finish(dir, UNET, cfg.unet.model, unet, cfg.unet.epochs, r);
            saveUnet(unet, pipeline);
            markDone(place, unetSummary);
        }
        stages.add(unetSummary);
        unet.eval();

        LatentDiffusionModel model = new LatentDiffusionModel(tokenizer, textEncoder, unet, vae, schedule, prediction);
        PipelineFolder.save(model, pipeline);
        return new Trained(model.eval(), f.clip(), stages);
    }

    /**
     * A copy of a trained UNet taking {@code k} more input channels: every weight is the trained one, and conv_in's weights
     * of the new channels are zero, so that before fine-tuning the copy predicts exactly what the trained UNet does whatever
     * the condition holds (the zero-initialized condition path of ControlNet, Zhang et al. 2023, reduced to one convolution).
     */
    static UNet2DConditionModel widened(UNet2DConditionModel trained, int k) {
        UNet2DConditionModel.Config c = trained.config;
        UNet2DConditionModel out = new UNet2DConditionModel(new UNet2DConditionModel.Config(c.inChannels() + k, c.outChannels(), c.sampleSize(),
                c.blockOutChannels(), c.crossAttention(), c.layersPerBlock(), c.attentionHeads(), c.crossAttentionDim(), c.transformerLayersPerBlock(),
                c.normNumGroups(), c.normEps(), c.useLinearProjection(), c.skipConnections()));
        Map<String, INDArray> state = new java.util.LinkedHashMap<>(trained.stateDict());
        INDArray w = state.get("conv_in.weight");                                                   // [c0, in, 3, 3]
        INDArray grown = Nd4j.zeros(w.dataType(), w.size(0), w.size(1) + k, w.size(2), w.size(3));  // [c0, in + k, 3, 3]
        grown.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, w.size(1))).assign(w);
        state.put("conv_in.weight", grown);
        out.loadStateDict(state, true);
        return out;
    }

    /** The stage's overrides with the sizes that follow from the earlier stages (those win). */
    private static Map<String, Object> with(Map<String, Object> overrides, Map<String, Object> implied) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(overrides);
        out.putAll(implied);
        return out;
    }

    /** The frozen text tower's states for every text, [texts, L, D]. */
    static INDArray contextTable(PromptEncoder prompts, List<String> texts) {
        List<INDArray> parts = new ArrayList<>();
        for (int i = 0; i < texts.size(); i += 256) {
            List<String> chunk = texts.subList(i, Math.min(texts.size(), i + 256));
            parts.add(MemoryScope.outside(() -> {
                try (GradMode.Scope off = GradMode.noGrad()) {
                    return prompts.encode(chunk);
                }
            }));
        }
        return Nd4j.concat(0, parts.toArray(INDArray[]::new));
    }

    private static TrainerConfig trainerConfig(DiffusionConfig cfg, long seed, DiffusionConfig.Stage stage, Path dir, String name, double ema) {
        TrainerConfig c = TrainerConfig.epochs(stage.epochs).withSeed(ExperimentSeeds.of(seed, name)).withGradClipNorm(stage.gradClip)
                .withCheckpoints(dir.resolve("checkpoints").resolve(name), 0).withCheckpointEverySeconds(cfg.checkpointEverySeconds)
                .withMetricsFile(dir.resolve("metrics-" + name + ".jsonl"));
        return ema > 0 ? c.withEma(ema, 0.75) : c;
    }

    /** Linear warm-up, then cosine decay to 10% of the rate over the stage. */
    private static LrSchedule schedule(DiffusionConfig.Stage stage, long batchesPerEpoch) {
        long total = Math.max(1, stage.epochs * batchesPerEpoch);
        LrSchedule s = LrSchedule.cosine(stage.lr, stage.lr * 0.1, Math.max(1, total - stage.warmupSteps));
        return stage.warmupSteps > 0 ? s.withWarmup(stage.warmupSteps) : s;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Trainer.Result resume(Trainer t, CaptionedBatchSource source) {
        return t.resume(source);
    }

    private static StageSummary finish(Path dir, String name, String model, Module m, int epochs, Trainer.Result r) {
        Map<String, Double> last = r.history().isEmpty() ? Map.of() : r.last().metrics();
        double seconds = 0;
        for (EpochRecord e : r.history()) seconds += e.seconds();
        return new StageSummary(name, model, m.parameterCount(), epochs, r.steps(), seconds, last);
    }

    /** The summary of a stage the run's journal records as finished, or null. */
    private static StageSummary done(Place place, String stage) throws IOException {
        String name = place.name(stage);
        var recorded = place.run().result(name);
        if (recorded.isEmpty()) return null;
        com.fasterxml.jackson.databind.node.ObjectNode n = recorded.get().deepCopy();
        n.remove("task");
        try {
            return JSON.treeToValue(n, StageSummary.class);
        } catch (IOException e) {
            throw new IOException(place.run().journal().file() + ": unreadable summary of stage '" + name + "' (" + e.getMessage() + ")", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void markDone(Place place, StageSummary s) {
        place.run().markDone(place.name(s.stage), JSON.convertValue(s, Map.class));
    }

    private static void saveVae(AutoencoderKL vae, Path pipeline) throws IOException {
        StateDictFiles.save(vae, pipeline.resolve("vae/diffusion_pytorch_model.safetensors"), Map.of("format", "pt"));
    }

    private static void saveUnet(UNet2DConditionModel unet, Path pipeline) throws IOException {
        StateDictFiles.save(unet, pipeline.resolve("unet/diffusion_pytorch_model.safetensors"), Map.of("format", "pt"));
    }

    private static void setTrainable(Module m, boolean on) {
        m.parameters().forEach(p -> p.requiresGrad(on));
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
