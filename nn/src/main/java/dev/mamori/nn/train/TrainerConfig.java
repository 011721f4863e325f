package dev.mamori.nn.train;

import java.nio.file.Path;

/**
 * How to train: length (epochs, or a step budget), gradient clipping, EMA, early stopping, checkpoints, seed.
 * Build with {@link #epochs(int)} and the {@code with*} methods.
 */
public record TrainerConfig(int epochs, long maxSteps, double gradClipNorm, double emaDecay, int earlyStoppingPatience,
                            boolean restoreBest, long seed, Path checkpointDir, long checkpointEverySteps,
                            Path metricsFile, boolean verbose) {

    public static TrainerConfig epochs(int epochs) {
        return new TrainerConfig(epochs, Long.MAX_VALUE, 0, 0, 0, false, 0, null, 0, null, true);
    }

    public TrainerConfig withMaxSteps(long s) { return new TrainerConfig(epochs, s, gradClipNorm, emaDecay, earlyStoppingPatience, restoreBest, seed, checkpointDir, checkpointEverySteps, metricsFile, verbose); }
    public TrainerConfig withGradClipNorm(double n) { return new TrainerConfig(epochs, maxSteps, n, emaDecay, earlyStoppingPatience, restoreBest, seed, checkpointDir, checkpointEverySteps, metricsFile, verbose); }
    public TrainerConfig withEma(double decay) { return new TrainerConfig(epochs, maxSteps, gradClipNorm, decay, earlyStoppingPatience, restoreBest, seed, checkpointDir, checkpointEverySteps, metricsFile, verbose); }
    /** Stop when validation accuracy has not improved for {@code patience} epochs; optionally restore the best weights. */
    public TrainerConfig withEarlyStopping(int patience, boolean restoreBestWeights) { return new TrainerConfig(epochs, maxSteps, gradClipNorm, emaDecay, patience, restoreBestWeights, seed, checkpointDir, checkpointEverySteps, metricsFile, verbose); }
    public TrainerConfig withSeed(long s) { return new TrainerConfig(epochs, maxSteps, gradClipNorm, emaDecay, earlyStoppingPatience, restoreBest, s, checkpointDir, checkpointEverySteps, metricsFile, verbose); }
    /** Checkpoint into dir at every epoch end and, if everySteps > 0, every that many steps. */
    public TrainerConfig withCheckpoints(Path dir, long everySteps) { return new TrainerConfig(epochs, maxSteps, gradClipNorm, emaDecay, earlyStoppingPatience, restoreBest, seed, dir, everySteps, metricsFile, verbose); }
    /** Append one JSON line per epoch to this file. */
    public TrainerConfig withMetricsFile(Path f) { return new TrainerConfig(epochs, maxSteps, gradClipNorm, emaDecay, earlyStoppingPatience, restoreBest, seed, checkpointDir, checkpointEverySteps, f, verbose); }
    public TrainerConfig quiet() { return new TrainerConfig(epochs, maxSteps, gradClipNorm, emaDecay, earlyStoppingPatience, restoreBest, seed, checkpointDir, checkpointEverySteps, metricsFile, false); }
}
