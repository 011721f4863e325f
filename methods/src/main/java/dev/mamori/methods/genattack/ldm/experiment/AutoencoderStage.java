package dev.mamori.methods.genattack.ldm.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.generative.training.CaptionedBatch;
import dev.mamori.generative.training.CaptionedBatchSource;
import dev.mamori.generative.training.LatentEncoding;
import dev.mamori.generative.training.VaeTrainingStep;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.StateDictFiles;
import dev.mamori.models.diffusion.AutoencoderKL;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The attack's KL autoencoder: the one of a {@code mamori train diffusion} run when given (its
 * {@code pipeline/vae} weights and the scaling factor its {@code stages/vae.json} recorded), else one trained in
 * this run on the attacker's plain images (L1 + KL, {@link VaeTrainingStep} on the generic trainer, Adam (0.5, 0.9) as
 * latent diffusion's autoencoder; no perceptual or adversarial term here), once for all seeds and schemes, its scaling
 * factor measured on the same images. A finished stage is loaded, not trained again, on resuming; one journaled as
 * finished whose weights are not in the run directory (a run carried as its config and journal) is trained again.
 */
final class AutoencoderStage {
    static final String STAGE = "vae", MODEL = "vae_kl_emoji_32";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AutoencoderStage() {
    }

    /** The VAE (in eval mode) and where it came from, in words. */
    record Loaded(AutoencoderKL vae, String origin) {
    }

    static Loaded obtain(GenAttackLdmConfig cfg, INDArray plain, RunDirectory run, PrintStream log) throws IOException {
        AutoencoderKL vae = ModelRegistry.create(MODEL, Map.of("sampleSize", (int) plain.size(2)), AutoencoderKL.class);
        if (!cfg.vaeRun.isBlank()) {
            Path dir = Path.of(cfg.vaeRun), weights = dir.resolve("pipeline/vae/diffusion_pytorch_model.safetensors"), facts = dir.resolve("stages/vae.json");
            if (!Files.isRegularFile(weights) || !Files.isRegularFile(facts)) {
                throw new IllegalArgumentException("vaeRun " + dir + ": not a finished `mamori train diffusion` run (" + weights + " and " + facts + " are needed)");
            }
            StateDictFiles.load(vae, weights, Set.of());
            JsonNode scale = JSON.readTree(facts.toFile()).path("facts").path("scaling_factor");
            if (!scale.isNumber() || !(scale.asDouble() > 0)) throw new IllegalArgumentException(facts + ": field facts.scaling_factor must be a positive number");
            vae.setScalingFactor(scale.asDouble());
            vae.eval();
            log.println("vae: reused from " + dir + " (scaling factor " + vae.scalingFactor() + ")");
            return new Loaded(vae, origin(cfg));
        }
        Path file = run.stage(STAGE).resolve("model.safetensors");
        if (run.done(STAGE) && Files.isRegularFile(file)) {
            StateDictFiles.load(vae, file, Set.of());
            vae.setScalingFactor(run.result(STAGE).orElseThrow().path("scaling_factor").asDouble());
            vae.eval();
            log.println("vae: done earlier, loaded " + file);
            return new Loaded(vae, origin(cfg));
        }
        if (run.done(STAGE)) {
            // weights are not carried with a run's journal: the seeded training gives this machine's VAE again
            log.println("vae: finished earlier, but " + file + " is not here (a run carried without its weights): training it again");
        }
        Init.seed(ExperimentSeeds.of(cfg.seed, "vae-init"));
        vae = ModelRegistry.create(MODEL, Map.of("sampleSize", (int) plain.size(2)), AutoencoderKL.class);
        log.printf("vae: training %s (%,d parameters) for %d epochs on %d images%n", MODEL, vae.parameterCount(), cfg.vaeEpochs, plain.size(0));
        VaeTrainingStep step = new VaeTrainingStep(vae, null, null, new VaeTrainingStep.Weights(1e-6, 0, 0, 0));
        TrainerConfig tc = TrainerConfig.epochs(cfg.vaeEpochs).withSeed(ExperimentSeeds.of(cfg.seed, "vae"))
                .withCheckpoints(run.stage(STAGE).resolve("checkpoints"), 0).withCheckpointEverySeconds(120)
                .withMetricsFile(run.stage(STAGE).resolve("metrics.jsonl"));
        Trainer<CaptionedBatch> t = Trainer.builder(step, tc).module(VaeTrainingStep.VAE, vae)
                .optimizer(VaeTrainingStep.VAE, new Adam(vae.trainableParameters(), cfg.vaeLr, 0.5, 0.9, 1e-8, 0, true)).build();
        Trainer.Result r = t.resume(new CaptionedBatchSource(plain, new int[(int) plain.size(0)], cfg.vaeBatchSize, true));
        double scale = LatentEncoding.scalingFactor(LatentEncoding.moments(vae, plain, 64), ExperimentSeeds.of(cfg.seed, "latent-scale"));
        vae.setScalingFactor(scale);
        vae.eval();
        StateDictFiles.save(vae, file, Map.of("format", "pt"));
        double l1 = r.history().isEmpty() ? Double.NaN : r.last().metrics().getOrDefault("train_l1", Double.NaN);
        run.markDone(STAGE, Map.of("scaling_factor", scale, "l1", l1));
        log.printf("vae: L1 %.4f (images in [-1, 1]), scaling factor %.4f%n", l1, scale);
        return new Loaded(vae, origin(cfg));
    }

    /** Where the VAE comes from, in words: the same whether it was trained, loaded or (every attack scored earlier) not needed. */
    static String origin(GenAttackLdmConfig cfg) {
        return cfg.vaeRun.isBlank() ? "trained in this run" : "reused from " + Path.of(cfg.vaeRun).getFileName();
    }
}
