package dev.mamori.eval.metrics;

/**
 * The defense effectiveness rate of BackdoorBench (Wu et al., NeurIPS 2022 Datasets and Benchmarks), one number for a
 * backdoor defense's trade-off: DER = (max(0, ASR_before - ASR_after) - max(0, ACC_before - ACC_after) + 1) / 2, in
 * [0, 1]; 0.5 means no change, 1 a backdoor removed completely at no cost in clean accuracy. Rates are fractions.
 */
public final class DefenseEffectivenessRate {
    private DefenseEffectivenessRate() {}

    public static double of(double accuracyBefore, double successBefore, double accuracyAfter, double successAfter) {
        for (double v : new double[]{accuracyBefore, successBefore, accuracyAfter, successAfter}) {
            if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException("rates must be fractions in [0, 1]; got " + v);
        }
        return (Math.max(0, successBefore - successAfter) - Math.max(0, accuracyBefore - accuracyAfter) + 1) / 2;
    }
}
