package dev.mamori.nn.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one {@link TrainingStep} measured: the examples it consumed and named metrics ({@code loss} and
 * {@code accuracy} for a classifier, {@code d_loss} and {@code g_loss} for a GAN). A metric is a (sum, weight) pair
 * so the trainer averages it over an epoch exactly as one would by hand: a batch mean weighs by the batch's examples
 * ({@link #mean}), a count of hits such as correct predictions is summed as an integer ({@link #hits}). The trainer
 * shows the running averages beside the progress bar, records them per epoch as {@code train_<name>}, and stops the
 * run when a step reports a value that is not finite.
 * <pre>{@code
 * return StepResult.of(batch.size()).mean("loss", loss.item()).hits("accuracy", correct);
 * }</pre>
 */
public final class StepResult {
    /** One metric's contribution; its epoch value is the sum of the sums over the sum of the weights. */
    public record Metric(double sum, double weight) {
        public double value() {
            return sum / weight;
        }
    }

    private final long examples;
    private final Map<String, Metric> metrics = new LinkedHashMap<>();

    private StepResult(long examples) {
        if (examples < 0) throw new IllegalArgumentException("a step consumes >= 0 examples, got " + examples);
        this.examples = examples;
    }

    /** A result for a step over {@code examples} examples, with no metrics yet. */
    public static StepResult of(long examples) {
        return new StepResult(examples);
    }

    /** A mean over this step's examples (a batch's mean loss). */
    public StepResult mean(String name, double value) {
        return metric(name, value * examples, examples);
    }

    /** A number of hits among this step's examples (correct predictions): its epoch value is a fraction. */
    public StepResult hits(String name, long hits) {
        return metric(name, hits, examples);
    }

    /** A metric as its sum and weight (e.g. a loss over the masked tokens only, weighted by their count). */
    public StepResult metric(String name, double sum, double weight) {
        if (name == null || name.isBlank() || !name.equals(name.strip())) {
            throw new IllegalArgumentException("metric name must be non-blank without surrounding spaces, got '" + name + "'");
        }
        if (!(weight > 0)) throw new IllegalArgumentException("metric '" + name + "' has weight " + weight + "; it must be > 0");
        if (metrics.putIfAbsent(name, new Metric(sum, weight)) != null) {
            throw new IllegalArgumentException("metric '" + name + "' reported twice in one step");
        }
        return this;
    }

    public long examples() {
        return examples;
    }

    /** The metrics in the order they were reported. */
    public Map<String, Metric> metrics() {
        return Collections.unmodifiableMap(metrics);
    }
}
