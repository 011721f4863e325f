package dev.mamori.methods.keydefense.experiment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonMerge;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mamori.methods.common.ExperimentConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One "pre-trained" backbone of the key-defense experiment: a registry model (name or family with config overrides)
 * trained as a plain classifier, with AdamW and a one-cycle schedule, random crop and flip.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class BackboneConfig {
    /** Registry name or family ({@code vit}, {@code convmixer}): an isotropic network with a patch embedding. */
    @JsonProperty public String model = "vit";
    /** Config overrides of the registry model (a config file's entries are merged into these); patch size = block size. */
    @JsonMerge @JsonProperty public Map<String, Object> config = new LinkedHashMap<>();
    @JsonProperty public int epochs = 3;
    @JsonProperty public double lr = 0.002;
    @JsonProperty public double weightDecay = 0.05;
    @JsonProperty public int batchSize = 64;

    public BackboneConfig() {}

    static BackboneConfig of(String model, Map<String, Object> config, int epochs, double lr, double weightDecay) {
        BackboneConfig b = new BackboneConfig();
        b.model = model;
        b.config = new LinkedHashMap<>(new java.util.TreeMap<>(config));
        b.epochs = epochs;
        b.lr = lr;
        b.weightDecay = weightDecay;
        return b;
    }

    /** The default ViT backbone: 28 x 28 grey images, patch 4, width 48, depth 3, 3 heads (60,730 parameters), 3 epochs. */
    public static BackboneConfig defaultVit() {
        return of("vit", Map.of("imageSize", 28, "patchSize", 4, "inChannels", 1, "numClasses", 10, "embedDim", 48, "depth", 3, "heads", 3,
                "mlpRatio", 2.0), 3, 0.003, 0.05);
    }

    /** The default ConvMixer backbone: 28 x 28 grey images, patch 4, width 64, depth 4, kernel 5 (26,186 parameters), 2 epochs. */
    public static BackboneConfig defaultConvMixer() {
        return of("convmixer", Map.of("dim", 64, "depth", 4, "kernelSize", 5, "patchSize", 4, "inChannels", 1, "numClasses", 10,
                "imageSize", 28, "activation", "gelu"), 2, 0.01, 0.01);
    }

    void validate(String name) {
        if (model == null || model.isBlank()) throw ExperimentConfig.invalid("backbones." + name + ".model", "a registry model name");
        if (epochs < 1) throw ExperimentConfig.invalid("backbones." + name + ".epochs", "a positive number of epochs");
        if (!(lr > 0)) throw ExperimentConfig.invalid("backbones." + name + ".lr", "a positive learning rate");
        if (batchSize < 1) throw ExperimentConfig.invalid("backbones." + name + ".batchSize", "a positive batch size");
    }
}
