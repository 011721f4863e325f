package dev.mamori.methods.classification;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mamori.methods.common.config.Check;
import dev.mamori.methods.common.config.ConfigChecks;
import dev.mamori.methods.common.config.ConfigException;

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
    /** Training examples to use (0 = all), before the validation split is held out of them. */
    @Check(min = 0, expected = "a number of examples >= 0 (0 = all)")
    @JsonProperty public int trainSubset = 0;
    /** Test examples to evaluate on (0 = all). */
    @Check(min = 0, expected = "a number of examples >= 0 (0 = all)")
    @JsonProperty public int testSubset = 0;
    /**
     * The share of the training examples held out (seeded) as the validation split: what the per-epoch evaluation,
     * the best epoch, early stopping and restore-best look at. The test split is evaluated once, after training, so
     * that nothing is selected on it. 0: no validation split (no per-epoch evaluation, no early stopping).
     */
    @Check(min = 0, max = 0.5, expected = "a fraction in [0, 0.5]")
    @JsonProperty public double validationFraction = 0.05;
    @Check(min = 1, expected = "a positive number of epochs")
    @JsonProperty public int epochs = 5;
    @Check(min = 1, expected = "a positive batch size")
    @JsonProperty public int batchSize = 128;
    @Check(oneOf = {"sgd", "adam", "adamw"})
    @JsonProperty public String optimizer = "adamw";
    @Check(min = 0, minExclusive = true, expected = "a positive, finite learning rate")
    @JsonProperty public double lr = 0.01;
    @Check(min = 0, expected = "a finite weight decay >= 0")
    @JsonProperty public double weightDecay = 0.05;
    /** SGD's momentum. */
    @Check(min = 0, max = 1, maxExclusive = true)
    @JsonProperty public double momentum = 0.9;
    @Check(oneOf = {"onecycle", "cosine", "step", "constant"})
    @JsonProperty public String schedule = "onecycle";
    @Check(min = 0)
    @JsonProperty public int warmupSteps = 0;
    @Check(min = 0, max = 1, maxExclusive = true)
    @JsonProperty public double labelSmoothing = 0.0;
    /** Random crop (padding 2) and horizontal flip. */
    @JsonProperty public boolean augment = true;
    /** Per-channel mean and std folded into the model (inputs stay in [0, 1]); empty = the dataset's known values. */
    @JsonProperty public List<Double> normalizeMean = List.of();
    @Check(min = 0, minExclusive = true, expected = "positive standard deviations")
    @JsonProperty public List<Double> normalizeStd = List.of();
    /** Clip the gradients to this global L2 norm (0: off). */
    @Check(min = 0)
    @JsonProperty public double gradClip = 0;
    /** Decay of an exponential moving average of the weights (0: off). */
    @Check(min = 0, max = 1, maxExclusive = true)
    @JsonProperty public double ema = 0;
    /** Stop after this many epochs without a better validation accuracy, and keep the best epoch's weights (0: off). */
    @Check(min = 0)
    @JsonProperty public int earlyStopping = 0;
    /** Also checkpoint every this many steps (0: only by time and at epoch ends). */
    @Check(min = 0)
    @JsonProperty public long checkpointEverySteps = 0;
    /** Checkpoint whenever this many seconds have passed since the last one, so that a killed run loses at most that much (0: off). */
    @Check(min = 0)
    @JsonProperty public double checkpointEverySeconds = 120;
    @JsonProperty public long seed = 0;

    /** Fields that change how a run is carried out but not what it computes: a resumed run may change them. */
    public static final java.util.Set<String> OPERATIONAL = java.util.Set.of("checkpointEverySeconds", "checkpointEverySteps");

    /** Checks every field (see {@link ConfigChecks}) and the fields against each other; the error names the field. */
    public TrainSpec validate() {
        ConfigChecks.check(this);
        if (normalizeMean.size() != normalizeStd.size()) {
            throw new ConfigException(null, "normalizeStd", "as many values as normalizeMean (" + normalizeMean.size() + ")", normalizeStd.size() + " values");
        }
        if (earlyStopping > 0 && validationFraction == 0) {
            throw new ConfigException(null, "validationFraction", "a validation split (> 0) when earlyStopping is on", "0");
        }
        return this;
    }
}
