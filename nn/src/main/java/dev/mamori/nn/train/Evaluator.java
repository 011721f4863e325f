package dev.mamori.nn.train;

import java.util.Map;

/**
 * Measures the model at the end of every epoch (with the EMA weights in place when the trainer keeps an EMA): named
 * metrics such as {@code val_loss} and {@code val_accuracy} for a classifier, or a sample-quality score for a
 * generator. The names go into the history as they are, so a {@link Monitor} can select one. A metric that could not
 * be measured is NaN (a classifier run without validation data), which never counts as an improvement.
 *
 * @param <B> the mini-batch type
 */
@FunctionalInterface
public interface Evaluator<B> {
    /** Metrics of the current weights on {@code validation} (null when the run has no validation data). */
    Map<String, Double> evaluate(BatchSource<B> validation);
}
