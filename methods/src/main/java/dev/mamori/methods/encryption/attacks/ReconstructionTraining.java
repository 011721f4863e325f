package dev.mamori.methods.encryption.attacks;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Reduction;
import dev.mamori.nn.Module;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.optim.LrSchedule;
import dev.mamori.nn.train.EpochRecord;
import dev.mamori.nn.train.StepBatches;
import dev.mamori.nn.train.StepResult;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;
import dev.mamori.nn.train.TrainingStep;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains an image-to-image model (the inverse-translation U-Net) on (input, target) pairs with a mean-squared-error
 * loss: AdamW with a one-cycle learning rate, as a {@link Trainer} step over {@link StepBatches} (one epoch of all the
 * steps, the pairs of step i drawn by the {@link PairSource} from i). The trainer owns the rest: the memory scope of a
 * step, the learning rate per step, progress with rate and ETA, stopping on a non-finite loss, and checkpoints (the
 * model, AdamW's moments, the step) every N seconds and at the end, from which a killed training continues bit for
 * bit and a finished one is restored without training.
 */
public final class ReconstructionTraining {
    /** The name of the model and its optimizer in checkpoints. */
    static final String MODEL = "model";

    private ReconstructionTraining() {}

    /** One batch of pairs: inputs [B, Cin, H, W] and targets [B, Cout, H, W]. */
    public record Pairs(INDArray inputs, INDArray targets) {}

    /** Where the pairs of step {@code step} come from (a pure function of the step, so a resumed run draws the same). */
    @FunctionalInterface
    public interface PairSource {
        Pairs batch(long step);
    }

    /** Steps, pairs per step, peak learning rate, weight decay, and the seed of the training (checked on resume). */
    public record Settings(int steps, int batchSize, double lr, double weightDecay, long seed) {
        public Settings {
            if (steps < 1 || batchSize < 1 || !(lr > 0) || weightDecay < 0) throw new IllegalArgumentException("invalid reconstruction training settings " + this);
        }
    }

    /**
     * The mean loss of the last tenth of the steps, the steps, and the seconds and rate of the attempt that finished
     * the training (a resumed training's count its own part only).
     */
    public record Outcome(double finalLoss, int steps, double seconds, double examplesPerSecond) {}

    /** Trains {@code model} from its current weights, or continues (or restores) it from the checkpoint in {@code checkpoints}. */
    public static Outcome fit(Module model, PairSource data, Settings settings, TrainingCheckpoints checkpoints) {
        return fit(model, data, settings, checkpoints, Long.MAX_VALUE);
    }

    /** As {@link #fit(Module, PairSource, Settings, TrainingCheckpoints)}, stopping (with a checkpoint) after {@code stopAfter} steps in all: a kill, for tests. */
    static Outcome fit(Module model, PairSource data, Settings settings, TrainingCheckpoints checkpoints, long stopAfter) {
        int tailFrom = settings.steps() - Math.max(1, settings.steps() / 10);
        TrainingStep<Pairs> step = (p, ctx) -> {
            ctx.zeroGrad(MODEL);
            Tensor l = Losses.mse(model.call(Tensor.of(p.inputs())), Tensor.of(p.targets()), Reduction.MEAN); // [] mean over all values
            l.backward();
            ctx.step(MODEL);
            double loss = l.item();
            StepResult r = StepResult.of(p.inputs().size(0)).mean("mse", loss);
            // a plain mean of the last tenth's losses (weight 1 per step): the epoch's "train_tail_mse"
            return ctx.globalStep() >= tailFrom ? r.metric("tail_mse", loss, 1) : r;
        };
        TrainerConfig config = checkpoints.applyTo(TrainerConfig.epochs(1).withSeed(settings.seed()).withMaxSteps(stopAfter));
        Trainer<Pairs> trainer = Trainer.builder(step, config).module(MODEL, model)
                .optimizer(MODEL, Adam.adamW(model.trainableParameters(), settings.lr(), settings.weightDecay()),
                        LrSchedule.oneCycle(settings.lr(), settings.steps()))
                .build();
        Trainer.Result r = trainer.resume(new StepBatches<>(settings.steps(), settings.batchSize(), data::batch));
        model.eval();
        EpochRecord last = r.last();
        return new Outcome(last.metrics().getOrDefault("train_tail_mse", Double.NaN), (int) r.steps(), last.seconds(), last.examplesPerSecond());
    }
}
