package dev.mamori.methods.encryption.attacks;

import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Reduction;
import dev.mamori.nn.Module;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.optim.LrSchedule;
import dev.mamori.nn.util.Progress;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains an image-to-image model (the inverse-translation U-Net) on (input, target) pairs with a mean-squared-error
 * loss: AdamW, one-cycle learning rate, one memory scope per step, progress with rate and ETA. It is the one place that
 * drives such a training, written as a plain step over the optimizer API because {@link dev.mamori.nn.train.Trainer}
 * takes classification batches (integer labels); when the trainer accepts other targets this class becomes a thin call
 * to it and nothing else changes.
 */
public final class ReconstructionTraining {
    private ReconstructionTraining() {}

    /** One batch of pairs: inputs [B, Cin, H, W] and targets [B, Cout, H, W]. */
    public record Pairs(INDArray inputs, INDArray targets) {}

    /** Where the pairs of step {@code step} come from (a pure function of the step for reproducibility). */
    @FunctionalInterface
    public interface PairSource {
        Pairs batch(long step);
    }

    /** Steps, peak learning rate, weight decay. */
    public record Settings(int steps, double lr, double weightDecay) {
        public Settings {
            if (steps < 1 || !(lr > 0) || weightDecay < 0) throw new IllegalArgumentException("invalid reconstruction training settings " + this);
        }
    }

    /** The mean loss of the last tenth of the steps, and the time taken. */
    public record Outcome(double finalLoss, int steps, double seconds, double examplesPerSecond) {}

    public static Outcome fit(Module model, PairSource data, Settings settings, Progress progress) {
        Adam opt = Adam.adamW(model.trainableParameters(), settings.lr(), settings.weightDecay());
        LrSchedule schedule = LrSchedule.oneCycle(settings.lr(), settings.steps());
        model.train();
        long t0 = System.nanoTime();
        long examples = 0;
        double tail = 0;
        int tailCount = 0, tailFrom = settings.steps() - Math.max(1, settings.steps() / 10);
        for (int step = 0; step < settings.steps(); step++) {
            Pairs p = data.batch(step);
            opt.setLr(schedule.lr(step));
            double loss;
            try (MemoryScope ignored = MemoryScope.open("reconstruction-step")) {
                opt.zeroGrad();
                Tensor l = Losses.mse(model.call(Tensor.of(p.inputs())), Tensor.of(p.targets()), Reduction.MEAN);
                l.backward();
                opt.step();
                loss = l.item();
            }
            if (!Double.isFinite(loss)) throw new IllegalStateException("reconstruction loss became " + loss + " at step " + step);
            examples += p.inputs().size(0);
            if (step >= tailFrom) {
                tail += loss;
                tailCount++;
            }
            if (progress != null) {
                progress.step();
                progress.set("mse", loss);
            }
        }
        MemoryScope.release("reconstruction-step");
        model.eval();
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Outcome(tail / tailCount, settings.steps(), seconds, examples / seconds);
    }
}
