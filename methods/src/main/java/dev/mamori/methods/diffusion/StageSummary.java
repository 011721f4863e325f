package dev.mamori.methods.diffusion;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one training stage did: steps, wall seconds, seconds per step, parameters trained and the last epoch's
 * metrics. Recorded in the run's journal when the stage finishes ({@link dev.mamori.methods.common.run.RunDirectory#markDone});
 * a resumed run loads the weights of a recorded stage instead of training it again.
 */
public final class StageSummary {
    @JsonProperty public String stage;
    @JsonProperty public String model;
    @JsonProperty public long parameters;
    @JsonProperty public int epochs;
    @JsonProperty public long steps;
    @JsonProperty public double seconds;
    @JsonProperty public Map<String, Double> lastMetrics = new LinkedHashMap<>();
    /** Extra facts of the stage (the VAE's measured scaling factor). */
    @JsonProperty public Map<String, Double> facts = new LinkedHashMap<>();

    public StageSummary() {}

    StageSummary(String stage, String model, long parameters, int epochs, long steps, double seconds, Map<String, Double> lastMetrics) {
        this.stage = stage;
        this.model = model;
        this.parameters = parameters;
        this.epochs = epochs;
        this.steps = steps;
        this.seconds = seconds;
        this.lastMetrics = new LinkedHashMap<>(lastMetrics);
    }

    /** Wall seconds per optimizer step (noisy on a shared machine). */
    public double secondsPerStep() {
        return steps == 0 ? Double.NaN : seconds / steps;
    }
}
