package dev.mamori.methods.genattack.gan;

import dev.mamori.generative.training.CaptionedBatchSource;
import dev.mamori.generative.training.StyleGanTrainingStep;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.methods.common.ImageData;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.diffusion.CaptionedImages;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.gan.StyleGan2;
import dev.mamori.models.gan.StyleGanFiles;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trains a StyleGAN2 on a catalog dataset with {@link StyleGanTrainingStep} (Adam with StyleGAN2's betas (0, 0.99) for
 * both networks, lazy R1, style mixing, EMA of the generator), checkpointing into {@code <dir>/checkpoints} so that an
 * interrupted run resumes exactly, then saves the pair with the EMA generator's weights as {@code <dir>/stylegan2.safetensors}
 * and writes {@code <dir>/samples.png} (psi 1 and 0.7).
 */
public final class GanTraining {
    public static final String MODEL_FILE = "stylegan2.safetensors", SAMPLES = "samples.png", STAGE = "stylegan2";

    private GanTraining() {
    }

    /** The trained pair (EMA generator weights in place), the run's history, and where the model went. */
    public record Result(StyleGan2 gan, Trainer.Result history, Path modelFile, Path samples, int trainImages) {
    }

    /** Trains in {@code dir}: a new run, or the continuation of the run it holds (whose stored config must be {@code cfg}). */
    public static Result train(GanConfig cfg, Path dir, PrintStream log) throws IOException {
        try (RunDirectory run = RunDirectory.open(dir, cfg, RunDirectory.holdsRun(dir) ? RunDirectory.Mode.RESUME : RunDirectory.Mode.NEW,
                Set.of("checkpointEverySeconds"))) {
            return train(cfg, run, log);
        }
    }

    /**
     * Trains in a run directory; a resumed run continues from the last checkpoint (a finished training from its final
     * one) and saves the same model file as an uninterrupted run.
     */
    public static Result train(GanConfig cfg, RunDirectory run, PrintStream log) throws IOException {
        cfg.validate();
        Path dir = run.dir();
        ImageData data = ImageData.open(cfg.dataset, cfg.trainSubset, 0, cfg.seed, log);
        CaptionedImages train = CaptionedImages.of(data.train(), cfg.dataset, "{caption}");
        Init.seed(ExperimentSeeds.of(cfg.seed, "stylegan-init"));
        StyleGan2 gan = ModelRegistry.create(cfg.model, Map.copyOf(cfg.modelOverrides), StyleGan2.class);
        gan.generator.checkImages(train.images().shape(), cfg.model + " (dataset '" + cfg.dataset + "')");
        log.printf("stylegan: %s (G %,d + D %,d parameters) on %d %s images%n", cfg.model, gan.generator.parameterCount(),
                gan.discriminator.parameterCount(), train.size(), cfg.dataset);
        StyleGanTrainingStep step = new StyleGanTrainingStep(gan.generator, gan.discriminator,
                new StyleGanTrainingStep.Options(cfg.r1Gamma, cfg.r1Interval, cfg.styleMixing, dev.mamori.generative.training.R1Penalty.DEFAULT_RELATIVE_STEP));
        TrainerConfig tc = TrainerConfig.epochs(cfg.epochs).withSeed(ExperimentSeeds.of(cfg.seed, "stylegan"))
                .withCheckpoints(dir.resolve("checkpoints"), 0).withCheckpointEverySeconds(cfg.checkpointEverySeconds)
                .withMetricsFile(dir.resolve("metrics.jsonl"));
        if (cfg.ema > 0) tc = tc.withEma(cfg.ema, 0.75);
        var builder = Trainer.builder(step, tc)
                .module(StyleGanTrainingStep.GENERATOR, gan.generator).module(StyleGanTrainingStep.DISCRIMINATOR, gan.discriminator)
                .optimizer(StyleGanTrainingStep.G, new Adam(gan.generator.trainableParameters(), cfg.lr, 0, 0.99, 1e-8, 0, false))
                .optimizer(StyleGanTrainingStep.D, new Adam(gan.discriminator.trainableParameters(), cfg.lr, 0, 0.99, 1e-8, 0, false));
        if (cfg.ema > 0) builder = builder.emaOf(StyleGanTrainingStep.GENERATOR);
        Trainer<dev.mamori.generative.training.CaptionedBatch> t = builder.build();
        Trainer.Result r = t.resume(new CaptionedBatchSource(train.images(), train.labels(), cfg.batchSize, cfg.flip));
        if (cfg.ema > 0) t.ema(StyleGanTrainingStep.GENERATOR).swap();        // the EMA generator is the model
        Path file = dir.resolve(MODEL_FILE), samples = dir.resolve(SAMPLES);
        StyleGanFiles.save(gan, file, Map.of("dataset", cfg.dataset, "generator_weights", cfg.ema > 0 ? "ema " + cfg.ema : "live"));
        GanSamples.writeGrid(gan.generator, cfg.sampleImages, cfg.seed, List.of(1.0, 0.7), samples);
        run.markDone(STAGE, Map.of("steps", r.steps(), "epochs", r.history().size()));
        return new Result(gan, r, file, samples, train.size());
    }
}
