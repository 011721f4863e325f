package dev.mamori.methods.common.judge;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an experiment's judge comes from: a classifier file written by {@code mamori train} on the same dataset, or
 * (empty {@code classifierFile}) a classifier trained inside the run on the real training images only.
 *
 * @param classifierFile a saved classifier, or empty to train one
 * @param model          the registry model trained when there is no file (a ConvMixer gives the perceptual distance's
 *                       feature maps as well as the pooled FID-style features)
 * @param modelConfig    its config overrides
 * @param epochs         training epochs of that model
 */
public record JudgeSettings(String classifierFile, String model, Map<String, Object> modelConfig, int epochs) {
    public JudgeSettings {
        if (classifierFile == null) classifierFile = "";
        if (model == null || model.isBlank()) throw new IllegalArgumentException("judge model: a registry model name is required");
        if (epochs < 1) throw new IllegalArgumentException("judge epochs: a positive number is required, got " + epochs);
        modelConfig = Map.copyOf(modelConfig == null ? Map.of() : modelConfig);
    }

    /** The README's colour baseline: ConvMixer-128/8 with patch 4, trained for {@code epochs}. */
    public static JudgeSettings convMixerBaseline(int epochs) {
        return new JudgeSettings("", "convmixer_256_8", new LinkedHashMap<>(Map.of("dim", 128, "patchSize", 4)), epochs);
    }
}
