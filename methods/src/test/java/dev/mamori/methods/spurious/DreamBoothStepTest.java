package dev.mamori.methods.spurious;

import dev.mamori.autograd.Tensor;
import dev.mamori.generative.pipelines.LatentDiffusionModel;
import dev.mamori.generative.pipelines.PromptEncoder;
import dev.mamori.methods.common.ExperimentConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spurious-feature similarity loss is differentiable end to end: its gradient goes through the robust classifier's
 * features and the frozen VAE decoder into the UNet (every trainable UNet parameter group gets some), never into the
 * frozen parts; with LoRA on, only the adapters are trainable and they receive it.
 */
class DreamBoothStepTest {

    private static Tensor similarityOfOneBatch(LatentDiffusionModel m, SpuriousSimilarityLoss loss) {
        DreamBoothStep step = new DreamBoothStep(m.unet(), m.vae(), m.schedule(), m.prediction(), m.tokenizer(), m.textEncoder(), "zebra symbols",
                "symbols", 1.0, loss, 1.0, 1000);
        Nd4j.getRandom().setSeed(3);
        Tensor xt = Tensor.of(Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 4, 8, 8));
        long[] ts = {50, 300};
        INDArray ctx = new PromptEncoder(m.tokenizer(), m.textEncoder(), null).encode(List.of("zebra symbols", "zebra symbols"));
        Tensor out = m.unet().call(xt, ts, Tensor.of(ctx));
        Tensor perRow = step.similarityTerm(out, xt, ts);
        assertThat(perRow.shape()).containsExactly(2);
        assertThat(perRow.value().minNumber().doubleValue()).isBetween(0.0, 2.0);
        Tensor total = perRow.mean();
        total.backward();
        return total;
    }

    private static SpuriousSimilarityLoss loss(long seed) {
        INDArray references = new BackgroundPattern(6).patternOnly(3, 32, seed);
        return new SpuriousSimilarityLoss(new RobustFeatures(TinyDiffusion.featureClassifier(seed)), references);
    }

    @Test
    void theSimilarityGradientReachesTheUnetThroughTheFrozenDecoder() {
        LatentDiffusionModel m = TinyDiffusion.model(1);
        SpuriousSimilarityLoss loss = loss(2);
        SpuriousConfig.DreamBooth cfg = SpuriousConfig.of(ExperimentConfig.Preset.QUICK).dreambooth;
        Map<String, Tensor> trainable = DreamBoothTraining.prepare(m, cfg, 0);
        assertThat(trainable.keySet()).allMatch(k -> k.startsWith("unet."));
        similarityOfOneBatch(m, loss);

        long withGrad = m.unet().namedParameters().values().stream().filter(p -> p.grad() != null && p.grad().amaxNumber().doubleValue() > 0).count();
        assertThat(withGrad).as("UNet parameters with a non-zero similarity gradient").isGreaterThan(m.unet().namedParameters().size() / 2);
        // the output convolution is where every path into the UNet's prediction ends
        assertThat(m.unet().namedParameters().entrySet().stream().filter(e -> e.getKey().startsWith("conv_out"))
                .allMatch(e -> e.getValue().grad() != null && e.getValue().grad().amaxNumber().doubleValue() > 0)).isTrue();
        assertThat(m.vae().parameters()).allMatch(p -> p.grad() == null || p.grad().amaxNumber().doubleValue() == 0);
        assertThat(loss.features().classifier().parameters()).allMatch(p -> p.grad() == null || p.grad().amaxNumber().doubleValue() == 0);
        assertThat(m.textEncoder().parameters()).allMatch(p -> !p.requiresGrad());
    }

    @Test
    void withLoraOnlyTheAdaptersAreTrainedAndTheyReceiveTheGradient() {
        LatentDiffusionModel m = TinyDiffusion.model(1);
        SpuriousSimilarityLoss loss = loss(2);
        SpuriousConfig.DreamBooth cfg = SpuriousConfig.of(ExperimentConfig.Preset.QUICK).dreambooth;
        cfg.loraRank = 2;
        Map<String, Tensor> trainable = DreamBoothTraining.prepare(m, cfg, 0);
        assertThat(trainable).isNotEmpty();
        assertThat(trainable.keySet()).allMatch(k -> k.endsWith(".lora_A") || k.endsWith(".lora_B"));
        assertThat(trainable.keySet()).anyMatch(k -> k.contains("attn2.to_k")).anyMatch(k -> k.contains("attn1.to_q"));
        similarityOfOneBatch(m, loss);

        m.unet().namedParameters().forEach((name, p) -> {
            boolean adapter = name.endsWith(".lora_A") || name.endsWith(".lora_B");
            if (!adapter) assertThat(p.grad() == null || p.grad().amaxNumber().doubleValue() == 0).as(name + " is frozen").isTrue();
        });
        // B starts at zero (the adapted model equals the base), so the first gradient is on B
        assertThat(trainable.entrySet().stream().filter(e -> e.getKey().endsWith(".lora_B"))
                .anyMatch(e -> e.getValue().grad() != null && e.getValue().grad().amaxNumber().doubleValue() > 0)).isTrue();
    }

    @Test
    void aFineTunedTextEncoderIsTrainable() {
        LatentDiffusionModel m = TinyDiffusion.model(1);
        SpuriousConfig.DreamBooth cfg = SpuriousConfig.of(ExperimentConfig.Preset.QUICK).dreambooth;
        cfg.trainTextEncoder = true;
        Map<String, Tensor> trainable = DreamBoothTraining.prepare(m, cfg, 0);
        assertThat(trainable.keySet()).anyMatch(k -> k.startsWith("text_encoder.")).anyMatch(k -> k.startsWith("unet."));
        assertThat(m.vae().parameters()).allMatch(p -> !p.requiresGrad());
    }
}
