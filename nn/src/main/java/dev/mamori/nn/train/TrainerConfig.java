package dev.mamori.nn.train;

import java.nio.file.Path;

/**
 * How to train, whatever the model: length (epochs, or a step budget), gradient clipping, EMA, the monitored metric
 * with early stopping and restore-best, checkpoints (by steps and by seconds), the metrics file, the seed. Build with
 * {@link #epochs(int)} and the {@code with*} methods (each returns a changed copy).
 */
public final class TrainerConfig {
    private int epochs;
    private long maxSteps = Long.MAX_VALUE;
    private double gradClipNorm;
    private double emaDecay;
    private double emaWarmupPower;
    private Monitor monitor;
    private int earlyStoppingPatience;
    private boolean restoreBest;
    private long seed;
    private Path checkpointDir;
    private long checkpointEverySteps;
    private double checkpointEverySeconds;
    private Path metricsFile;
    private boolean verbose = true;
    private String name;

    private TrainerConfig() {}

    private TrainerConfig copy() {
        TrainerConfig c = new TrainerConfig();
        c.epochs = epochs;
        c.maxSteps = maxSteps;
        c.gradClipNorm = gradClipNorm;
        c.emaDecay = emaDecay;
        c.emaWarmupPower = emaWarmupPower;
        c.monitor = monitor;
        c.earlyStoppingPatience = earlyStoppingPatience;
        c.restoreBest = restoreBest;
        c.seed = seed;
        c.checkpointDir = checkpointDir;
        c.checkpointEverySteps = checkpointEverySteps;
        c.checkpointEverySeconds = checkpointEverySeconds;
        c.metricsFile = metricsFile;
        c.verbose = verbose;
        c.name = name;
        return c;
    }

    public static TrainerConfig epochs(int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        TrainerConfig c = new TrainerConfig();
        c.epochs = epochs;
        return c;
    }

    /** Stop after this many steps in all (mid-epoch if need be). */
    public TrainerConfig withMaxSteps(long s) {
        TrainerConfig c = copy();
        c.maxSteps = s;
        return c;
    }

    /** Clip the gradients of each optimizer's parameters to this global L2 norm before it steps (0: off). */
    public TrainerConfig withGradClipNorm(double n) {
        TrainerConfig c = copy();
        c.gradClipNorm = n;
        return c;
    }

    /** Keep an exponential moving average of the weights with this decay (see {@link Ema}). */
    public TrainerConfig withEma(double decay) {
        return withEma(decay, 0);
    }

    /** EMA with the step-based warm-up of {@link Ema} ({@code warmupPower} 2/3 or 3/4; 0: none). */
    public TrainerConfig withEma(double decay, double warmupPower) {
        TrainerConfig c = copy();
        c.emaDecay = decay;
        c.emaWarmupPower = warmupPower;
        return c;
    }

    /** The metric that picks the best epoch (the classifier trainer uses max val_accuracy unless told otherwise). */
    public TrainerConfig withMonitor(Monitor m) {
        TrainerConfig c = copy();
        c.monitor = m;
        return c;
    }

    /** Stop when the monitored metric has not improved for {@code patience} epochs; optionally restore the best weights. */
    public TrainerConfig withEarlyStopping(int patience, boolean restoreBestWeights) {
        TrainerConfig c = copy();
        c.earlyStoppingPatience = patience;
        c.restoreBest = restoreBestWeights;
        return c;
    }

    public TrainerConfig withSeed(long s) {
        TrainerConfig c = copy();
        c.seed = s;
        return c;
    }

    /** Checkpoint into dir at every epoch end and, if everySteps > 0, every that many steps. */
    public TrainerConfig withCheckpoints(Path dir, long everySteps) {
        TrainerConfig c = copy();
        c.checkpointDir = dir;
        c.checkpointEverySteps = everySteps;
        return c;
    }

    /**
     * Also checkpoint whenever this many seconds have passed since the last checkpoint (0: off), so that a killed run
     * loses at most about that much work whatever a step costs. Wall-clock time only decides when to save; what is
     * saved, and so the resumed run, does not depend on it.
     */
    public TrainerConfig withCheckpointEverySeconds(double seconds) {
        if (seconds < 0) throw new IllegalArgumentException("checkpoint interval must be >= 0 seconds, got " + seconds);
        TrainerConfig c = copy();
        c.checkpointEverySeconds = seconds;
        return c;
    }

    /** Append one JSON line per epoch to this file. */
    public TrainerConfig withMetricsFile(Path f) {
        TrainerConfig c = copy();
        c.metricsFile = f;
        return c;
    }

    /** What the progress line and the log lines call this training ("u-net pe"; null: "epoch 1/3" on the bar). */
    public TrainerConfig withName(String n) {
        TrainerConfig c = copy();
        c.name = n;
        return c;
    }

    public TrainerConfig quiet() {
        TrainerConfig c = copy();
        c.verbose = false;
        return c;
    }

    public int epochs() { return epochs; }
    public long maxSteps() { return maxSteps; }
    public double gradClipNorm() { return gradClipNorm; }
    public double emaDecay() { return emaDecay; }
    public double emaWarmupPower() { return emaWarmupPower; }
    /** The monitored metric, or null (no best epoch, no early stopping). */
    public Monitor monitor() { return monitor; }
    public int earlyStoppingPatience() { return earlyStoppingPatience; }
    public boolean restoreBest() { return restoreBest; }
    public long seed() { return seed; }
    public Path checkpointDir() { return checkpointDir; }
    public long checkpointEverySteps() { return checkpointEverySteps; }
    public double checkpointEverySeconds() { return checkpointEverySeconds; }
    public Path metricsFile() { return metricsFile; }
    public boolean verbose() { return verbose; }
    /** The training's name in progress and log lines, or null. */
    public String name() { return name; }
}
