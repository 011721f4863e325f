package dev.mamori.methods.backdoor;

import dev.mamori.autograd.MemoryScope;
import dev.mamori.nn.Module;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.optim.LrSchedule;
import dev.mamori.nn.optim.Optimizer;
import dev.mamori.nn.optim.Sgd;
import dev.mamori.nn.train.BatchSource;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The one place where the backdoor package trains a classifier with cross-entropy (the backdoored models, fine-tuning,
 * fine-pruning's fine-tuning, Neural Cleanse's unlearning, NAD's teacher): everything goes through
 * {@link dev.mamori.nn.train.Trainer} here, so a change of the trainer's interface touches this class only. Objectives
 * other than cross-entropy (NAD's student, ANP, I-BAU) run their own short loops.
 */
public final class TrainingAdapter {
    /** How often a checkpointed training saves besides its epoch ends: a kill loses at most this much work. */
    public static final double CHECKPOINT_SECONDS = 60;

    private TrainingAdapter() {}

    /** How to train. */
    public record Settings(int epochs, String optimizer, double lr, double momentum, double weightDecay, String schedule, long seed, boolean verbose) {
        public Settings {
            if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1; got " + epochs);
            if (!(lr > 0)) throw new IllegalArgumentException("learning rate must be positive; got " + lr);
            if (!optimizer.equals("sgd") && !optimizer.equals("adam") && !optimizer.equals("adamw")) {
                throw new IllegalArgumentException("optimizer must be sgd, adam or adamw; got " + optimizer);
            }
            if (!schedule.equals("constant") && !schedule.equals("cosine") && !schedule.equals("onecycle")) {
                throw new IllegalArgumentException("schedule must be constant, cosine or onecycle; got " + schedule);
            }
        }

        /** SGD with momentum 0.9 and weight decay 5e-4 at a constant rate: the fine-tuning of the defense papers. */
        public static Settings sgd(int epochs, double lr, long seed) {
            return new Settings(epochs, "sgd", lr, 0.9, 5e-4, "constant", seed, false);
        }

        public Settings withEpochs(int e) {
            return new Settings(e, optimizer, lr, momentum, weightDecay, schedule, seed, verbose);
        }

        public String describe() {
            return String.format(Locale.ROOT, "%s lr %.3g (%s)%s, weight decay %.1g, %d epochs", optimizer, lr, schedule,
                    optimizer.equals("sgd") ? ", momentum " + momentum : "", weightDecay, epochs);
        }
    }

    /** What a training run gave. */
    public record Fit(double seconds, long steps, double finalTrainAccuracy) {}

    /** Trains {@code model} in place with cross-entropy on {@code train} (no validation, no checkpoints). */
    public static Fit fit(Module model, BatchSource train, Settings s) {
        return fit(model, train, s, null);
    }

    /**
     * As {@link #fit(Module, BatchSource, Settings)}, checkpointing into {@code checkpoints} (when not null) at every
     * epoch end and every {@value #CHECKPOINT_SECONDS} seconds, and continuing from the last checkpoint there: a
     * killed run resumes mid-training, a finished one is restored from its final checkpoint, both with the weights of
     * an uninterrupted run.
     */
    public static Fit fit(Module model, BatchSource train, Settings s, Path checkpoints) {
        long totalSteps = (long) s.epochs() * train.batchesPerEpoch();
        Optimizer opt = switch (s.optimizer()) {
            case "sgd" -> new Sgd(model.trainableParameters(), s.lr(), s.momentum(), 0, s.weightDecay(), false);
            case "adam" -> new Adam(model.trainableParameters(), s.lr(), 0.9, 0.999, 1e-8, s.weightDecay(), false);
            default -> Adam.adamW(model.trainableParameters(), s.lr(), s.weightDecay());
        };
        LrSchedule schedule = switch (s.schedule()) {
            case "cosine" -> LrSchedule.cosine(s.lr(), 0, Math.max(1, totalSteps));
            case "onecycle" -> LrSchedule.oneCycle(s.lr(), Math.max(1, totalSteps));
            default -> LrSchedule.constant(s.lr());
        };
        TrainerConfig cfg = TrainerConfig.epochs(s.epochs()).withSeed(s.seed());
        if (!s.verbose()) cfg = cfg.quiet();
        if (checkpoints != null) cfg = cfg.withCheckpoints(checkpoints, 0).withCheckpointEverySeconds(CHECKPOINT_SECONDS);
        Trainer trainer = Trainer.classifier(model, opt, schedule, Losses::crossEntropy, cfg);
        Trainer.Result r = checkpoints != null ? trainer.resume(train, null) : trainer.fit(train, null);
        MemoryScope.release("train-step");
        model.eval();
        return new Fit(r.seconds(), r.steps(), r.last().trainAccuracy());
    }
}
