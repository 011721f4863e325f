package dev.mamori.methods.classification;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to train, as written in an experiment config (YAML or JSON) or assembled by the CLI. Every field has a
 * default, so a config names only what it changes:
 * <pre>
 * model: convmixer_128_8
 * dataset: fashion-mnist
 * epochs: 5
 * lr: 0.01
 * </pre>
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class TrainSpec {
    /** Registry name or family (see ModelRegistry). */
    @JsonProperty public String model = "convmixer_128_8";
    /** Config overrides for the model (e.g. numClasses, imageSize). */
    @JsonProperty public Map<String, Object> modelConfig = new LinkedHashMap<>();
    @JsonProperty public String dataset = "fashion-mnist";
    /** Training examples to use (0 = all). */
    @JsonProperty public int trainSubset = 0;
    /** Test examples to evaluate on (0 = all). */
    @JsonProperty public int testSubset = 0;
    @JsonProperty public int epochs = 5;
    @JsonProperty public int batchSize = 128;
    /** sgd, adam or adamw. */
    @JsonProperty public String optimizer = "adamw";
    @JsonProperty public double lr = 0.01;
    @JsonProperty public double weightDecay = 0.05;
    @JsonProperty public double momentum = 0.9;
    /** onecycle, cosine, step or constant. */
    @JsonProperty public String schedule = "onecycle";
    @JsonProperty public int warmupSteps = 0;
    @JsonProperty public double labelSmoothing = 0.0;
    /** Random crop (padding 2) and horizontal flip. */
    @JsonProperty public boolean augment = true;
    /** Per-channel mean and std folded into the model (inputs stay in [0, 1]); empty = the dataset's known values. */
    @JsonProperty public List<Double> normalizeMean = List.of();
    @JsonProperty public List<Double> normalizeStd = List.of();
    @JsonProperty public double gradClip = 0;
    @JsonProperty public double ema = 0;
    @JsonProperty public int earlyStopping = 0;
    @JsonProperty public long seed = 0;

    public void validate() {
        require(epochs > 0, "epochs", "a positive number of epochs");
        require(batchSize > 0, "batchSize", "a positive batch size");
        require(lr > 0, "lr", "a positive learning rate");
        require(List.of("sgd", "adam", "adamw").contains(optimizer), "optimizer", "one of sgd, adam, adamw");
        require(List.of("onecycle", "cosine", "step", "constant").contains(schedule), "schedule", "one of onecycle, cosine, step, constant");
        require(labelSmoothing >= 0 && labelSmoothing < 1, "labelSmoothing", "a value in [0, 1)");
        require(normalizeMean.size() == normalizeStd.size(), "normalizeStd", "as many values as normalizeMean");
    }

    private static void require(boolean ok, String field, String expected) {
        if (!ok) throw new IllegalArgumentException("config field '" + field + "': expected " + expected);
    }
}
