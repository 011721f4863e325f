package dev.mamori.methods.encryption.attacks;

import dev.mamori.nn.train.TrainerConfig;

import java.nio.file.Path;

/**
 * Where an attack's training (the U-Net baseline, the patch matcher) checkpoints and what it shows: the checkpoint
 * folder ({@code dir}; null: none, a killed training starts again), how often besides its end ({@code everySeconds};
 * 0: at the end only; wall-clock time decides when to save, never what), and its name in progress lines
 * ({@code progressName}; null: silent). The checkpoints are the {@link dev.mamori.nn.train.Trainer}'s own.
 */
public record TrainingCheckpoints(Path dir, double everySeconds, String progressName) {
    /** The interval of the experiments that have no setting of their own (the configs' default elsewhere). */
    public static final double DEFAULT_EVERY_SECONDS = 120;
    /** No checkpoints, no progress. */
    public static final TrainingCheckpoints NONE = new TrainingCheckpoints(null, 0, null);

    public TrainingCheckpoints {
        if (!(everySeconds >= 0)) throw new IllegalArgumentException("checkpoint interval must be >= 0 seconds, got " + everySeconds);
    }

    /** The same, shown under another name in progress lines (null: silent). */
    public TrainingCheckpoints named(String name) {
        return new TrainingCheckpoints(dir, everySeconds, name);
    }

    /** The same in another folder. */
    public TrainingCheckpoints in(Path folder) {
        return new TrainingCheckpoints(folder, everySeconds, progressName);
    }

    /** {@code c} with these checkpoints and this progress. */
    public TrainerConfig applyTo(TrainerConfig c) {
        TrainerConfig out = progressName == null ? c.quiet() : c.withName(progressName);
        return dir == null ? out : out.withCheckpoints(dir, 0).withCheckpointEverySeconds(everySeconds);
    }
}
