package dev.mamori.methods.spurious;

import dev.mamori.autograd.Tensor;
import dev.mamori.generative.pipelines.LatentDiffusionModel;
import dev.mamori.generative.pipelines.PipelineFolder;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.models.StateDictFiles;
import dev.mamori.nn.adapters.Lora;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.optim.LrSchedule;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DreamBooth fine-tuning of a copy of the base model (loaded afresh from its pipeline folder) on the shared
 * {@link Trainer}, with checkpoints in the stage directory (a killed run resumes mid-way). What is trained: the whole
 * UNet, or with {@code loraRank > 0} only low-rank adapters on its attention projections (to_q, to_k, to_v, to_out.0
 * of self- and cross-attention; Hu et al. 2022), merged back after training; plus the text encoder when
 * {@code trainTextEncoder}. The VAE is always frozen; gradients of the similarity loss pass through its decoder.
 */
public final class DreamBoothTraining {
    /** The UNet's attention projections LoRA adapts. */
    public static final List<String> LORA_TARGETS = List.of("attn1.to_q", "attn1.to_k", "attn1.to_v", "attn1.to_out.0",
            "attn2.to_q", "attn2.to_k", "attn2.to_v", "attn2.to_out.0");
    private static final int MAX_BATCHES_PER_EPOCH = 50;

    private DreamBoothTraining() {}

    /** The fine-tuned model and the trainer's last metrics. */
    public record Tuned(LatentDiffusionModel model, Map<String, Double> lastMetrics, long trainableParameters) {}

    /** The base model prepared for fine-tuning (what is trainable set), before any step. */
    public static Map<String, Tensor> prepare(LatentDiffusionModel model, SpuriousConfig.DreamBooth cfg, long seed) {
        model.vae().parameters().forEach(p -> p.requiresGrad(false));
        model.textEncoder().parameters().forEach(p -> p.requiresGrad(cfg.trainTextEncoder));
        if (cfg.loraRank > 0) {
            model.unet().freeze("*");
            Init.seed(ExperimentSeeds.of(seed, "lora"));
            Lora.apply(model.unet(), cfg.loraRank, cfg.loraAlpha, LORA_TARGETS);
        }
        Map<String, Tensor> params = new LinkedHashMap<>();
        model.unet().trainableParameters().forEach((k, v) -> params.put("unet." + k, v));
        model.textEncoder().trainableParameters().forEach((k, v) -> params.put("text_encoder." + k, v));
        return params;
    }

    /**
     * Fine-tunes a fresh copy of the base model at {@code basePipeline} on the references (instance moments) and the
     * class images (prior moments); {@code similarity} null is plain DreamBooth.
     */
    public static Tuned run(Path basePipeline, INDArray instanceMoments, INDArray priorMoments, String instancePrompt, String classPrompt,
                            SpuriousConfig.DreamBooth cfg, SpuriousSimilarityLoss similarity, long seed, Path dir) throws IOException {
        LatentDiffusionModel model = PipelineFolder.load(basePipeline);
        Map<String, Tensor> params = prepare(model, cfg, seed);
        model.unet().train();
        if (cfg.trainTextEncoder) model.textEncoder().train();
        DreamBoothStep step = new DreamBoothStep(model.unet(), model.vae(), model.schedule(), model.prediction(), model.tokenizer(),
                model.textEncoder(), instancePrompt, classPrompt, cfg.priorWeight, similarity, cfg.similarityWeight, cfg.similarityMaxTimestep);
        int perEpoch = Math.min(cfg.steps, MAX_BATCHES_PER_EPOCH);
        int epochs = (cfg.steps + perEpoch - 1) / perEpoch;
        PriorPreservationBatches source = new PriorPreservationBatches(instanceMoments, priorMoments, cfg.instancesPerBatch, perEpoch);
        TrainerConfig tc = TrainerConfig.epochs(epochs).withMaxSteps(cfg.steps).withSeed(seed).withGradClipNorm(1.0)
                .withCheckpoints(dir.resolve("checkpoints"), 0).withCheckpointEverySeconds(60).withMetricsFile(dir.resolve("metrics.jsonl")).quiet();
        var builder = Trainer.builder(step, tc).module("unet", model.unet())
                .optimizer(DreamBoothStep.NAME, Adam.adamW(params, cfg.lr, 1e-2), LrSchedule.constant(cfg.lr));
        if (cfg.trainTextEncoder) builder.module("text_encoder", model.textEncoder());
        Trainer.Result r = builder.build().resume(source);
        if (cfg.loraRank > 0) Lora.merge(model.unet());
        model.eval();
        StateDictFiles.save(model.unet(), dir.resolve("unet.safetensors"), Map.of("format", "pt"));
        if (cfg.trainTextEncoder) StateDictFiles.save(model.textEncoder(), dir.resolve("text_encoder.safetensors"), Map.of("format", "pt"));
        return new Tuned(model, r.history().isEmpty() ? Map.of() : r.last().metrics(), params.values().stream().mapToLong(Tensor::numel).sum());
    }
}
