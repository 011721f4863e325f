package dev.mamori.nn.optim;

/**
 * A learning rate as a pure function of the step number (0-based), so a schedule's position is just the step count
 * (trivial to checkpoint and resume). Schedules compose: {@link #withWarmup} puts a linear warm-up in front.
 */
@FunctionalInterface
public interface LrSchedule {
    double lr(long step);

    static LrSchedule constant(double lr) {
        return step -> lr;
    }

    /** Cosine annealing from baseLr to minLr over totalSteps (PyTorch CosineAnnealingLR with T_max = totalSteps). */
    static LrSchedule cosine(double baseLr, double minLr, long totalSteps) {
        return step -> {
            long t = Math.min(step, totalSteps);
            return minLr + (baseLr - minLr) * (1 + Math.cos(Math.PI * t / totalSteps)) / 2;
        };
    }

    /** Multiply by gamma every stepSize steps (PyTorch StepLR). */
    static LrSchedule stepDecay(double baseLr, long stepSize, double gamma) {
        return step -> baseLr * Math.pow(gamma, Math.floorDiv(step, stepSize));
    }

    /**
     * One-cycle (PyTorch OneCycleLR, cosine annealing): from maxLr/divFactor up to maxLr over pctStart of the steps,
     * then down to maxLr/(divFactor*finalDivFactor).
     */
    static LrSchedule oneCycle(double maxLr, long totalSteps, double pctStart, double divFactor, double finalDivFactor) {
        double initial = maxLr / divFactor, min = initial / finalDivFactor;
        double up = pctStart * totalSteps - 1;
        double down = totalSteps - 1;
        return step -> {
            if (step <= up) return cosineBetween(initial, maxLr, up <= 0 ? 1 : step / up);
            return cosineBetween(maxLr, min, Math.min(1, (step - up) / (down - up)));
        };
    }

    static LrSchedule oneCycle(double maxLr, long totalSteps) {
        return oneCycle(maxLr, totalSteps, 0.3, 25, 1e4);
    }

    private static double cosineBetween(double start, double end, double fraction) {
        return end + (start - end) * (1 + Math.cos(Math.PI * fraction)) / 2;
    }

    /** Linear warm-up from 0 over warmupSteps, then this schedule (shifted so it starts at its step 0). */
    default LrSchedule withWarmup(long warmupSteps) {
        LrSchedule after = this;
        return step -> step < warmupSteps ? after.lr(0) * (step + 1) / warmupSteps : after.lr(step - warmupSteps);
    }
}
