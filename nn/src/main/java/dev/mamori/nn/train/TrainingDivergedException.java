package dev.mamori.nn.train;

/**
 * A training run stopped because a loss, a metric, a gradient norm or a weight became NaN or infinite. The message
 * names what diverged, the step (epoch and batch), the learning rates, and the last good checkpoint, which is kept so
 * that the run can be resumed from it (with a lower learning rate, say).
 */
public final class TrainingDivergedException extends IllegalStateException {
    private final long step;

    public TrainingDivergedException(String message, long step) {
        super(message);
        this.step = step;
    }

    /** The global step (0-based) at which the non-finite value appeared. */
    public long step() {
        return step;
    }
}
