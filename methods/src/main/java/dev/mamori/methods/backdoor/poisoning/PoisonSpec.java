package dev.mamori.methods.backdoor.poisoning;

import java.util.Locale;

/**
 * How a training set is poisoned (BackdoorBench's conventions):
 *
 * @param ratio      the fraction of the whole training set that carries the trigger (pratio); round(ratio * N) images
 * @param mode       all-to-one or all-to-all targets
 * @param target     the target class of all-to-one (ignored for all-to-all)
 * @param cleanLabel clean-label poisoning: only images of the target class get the trigger and keep their label (SIG's
 *                   setting); all-to-one only
 * @param crossRatio noise-mode images per poisoned image (WaNet's cross_ratio, 2 in BackdoorBench); they get the
 *                   trigger's noise mode and keep their labels; 0 for none, and only for triggers with a noise mode
 */
public record PoisonSpec(double ratio, TargetMode mode, int target, boolean cleanLabel, double crossRatio) {

    public PoisonSpec {
        if (!(ratio > 0 && ratio < 1)) throw new IllegalArgumentException("poison ratio must be in (0, 1); got " + ratio);
        if (mode == null) throw new IllegalArgumentException("target mode is required");
        if (target < 0) throw new IllegalArgumentException("target class must be >= 0; got " + target);
        if (cleanLabel && mode != TargetMode.ALL_TO_ONE) throw new IllegalArgumentException("clean-label poisoning needs an all-to-one target");
        if (!(crossRatio >= 0)) throw new IllegalArgumentException("cross ratio must be >= 0; got " + crossRatio);
    }

    /** All-to-one, dirty-label, no noise mode. */
    public static PoisonSpec allToOne(double ratio, int target) {
        return new PoisonSpec(ratio, TargetMode.ALL_TO_ONE, target, false, 0);
    }

    public static PoisonSpec allToAll(double ratio) {
        return new PoisonSpec(ratio, TargetMode.ALL_TO_ALL, 0, false, 0);
    }

    public PoisonSpec withCleanLabel(boolean on) {
        return new PoisonSpec(ratio, mode, target, on, crossRatio);
    }

    public PoisonSpec withCrossRatio(double r) {
        return new PoisonSpec(ratio, mode, target, cleanLabel, r);
    }

    /** The label the attacker wants for a triggered image of class {@code label}. */
    public int targetOf(int label, int numClasses) {
        return mode == TargetMode.ALL_TO_ONE ? target : (label + 1) % numClasses;
    }

    /**
     * Whether a test image of class {@code label} counts for the attack success rate: all-to-one attacks are measured
     * on images outside the target class (a target-class image already has the target label).
     */
    public boolean attacks(int label) {
        return mode == TargetMode.ALL_TO_ALL || label != target;
    }

    public String describe() {
        String m = mode == TargetMode.ALL_TO_ONE ? "all-to-one (target " + target + ")" : "all-to-all (y -> y + 1 mod K)";
        return String.format(Locale.ROOT, "%s, poison ratio %.3g%s%s", m, ratio, cleanLabel ? ", clean-label" : "",
                crossRatio > 0 ? String.format(Locale.ROOT, ", noise-mode ratio %.3g", crossRatio) : "");
    }
}
