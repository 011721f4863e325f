package dev.mamori.methods.backdoor.unlearning;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The settings of {@link ActivationGuidedUnlearning}; every choice of our reconstruction is here (docs/METHODS.md
 * item 4). Build with {@link #builder()}; the defaults are what the experiment uses.
 */
public final class UnlearningOptions {
    /** Linear layers to edit, in order (empty: the model's last linear layer, its head). */
    public final List<String> layers;
    /** Relative ridge strengths tried by cross-validation. */
    public final double[] lambdas;
    /** Fractions of the layer's input units (the most moved first) that the edit may change, tried by cross-validation. */
    public final double[] unitFractions;
    /** Folds of the cross-validation over the samples (fewer when there are fewer samples). */
    public final int folds;
    /** Randomly shifted copies of every sample added as rows (0: the samples only). */
    public final int augmentCopies;
    /** Largest shift of a copy, in pixels (edges replicated). */
    public final int maxShift;
    /**
     * Clean held-out accuracy the edit may lose against the unedited model and still be chosen (fraction; the
     * candidate with the best triggered held-out accuracy among those within it wins).
     */
    public final double cleanTolerance;
    /** Whether to run the repair step. */
    public final boolean repair;
    /** A class counts as collapsed when its cross-fitted held-out accuracy falls by at least this much (fraction). */
    public final double collapseDrop;
    /** Weights of the collapsed classes' clean rows tried by the repair, smallest first. */
    public final double[] repairWeights;
    /** Seed of the folds and the shifted copies. */
    public final long seed;

    private UnlearningOptions(Builder b) {
        this.layers = List.copyOf(b.layers);
        this.lambdas = b.lambdas.clone();
        this.unitFractions = b.unitFractions.clone();
        this.folds = b.folds;
        this.augmentCopies = b.augmentCopies;
        this.maxShift = b.maxShift;
        this.cleanTolerance = b.cleanTolerance;
        this.repair = b.repair;
        this.collapseDrop = b.collapseDrop;
        this.repairWeights = b.repairWeights.clone();
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static UnlearningOptions defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.layers = layers;
        b.lambdas = lambdas.clone();
        b.unitFractions = unitFractions.clone();
        b.folds = folds;
        b.augmentCopies = augmentCopies;
        b.maxShift = maxShift;
        b.cleanTolerance = cleanTolerance;
        b.repair = repair;
        b.collapseDrop = collapseDrop;
        b.repairWeights = repairWeights.clone();
        b.seed = seed;
        return b;
    }

    public String describe() {
        return String.format(Locale.ROOT, "layers %s, lambda in %s, unit fractions %s, %d-fold CV (clean tolerance %.2f), %d shifted copies (<= %d px),"
                        + " repair %s (collapse drop %.2f, weights %s), seed %d", layers.isEmpty() ? "[head]" : layers, Arrays.toString(lambdas),
                Arrays.toString(unitFractions), folds, cleanTolerance, augmentCopies, maxShift, repair ? "on" : "off", collapseDrop,
                Arrays.toString(repairWeights), seed);
    }

    public static final class Builder {
        private List<String> layers = List.of();
        private double[] lambdas = {1e-2, 1e-1, 1};
        private double[] unitFractions = {1.0 / 4, 1.0 / 2, 1};
        private int folds = 5;
        private int augmentCopies = 1;
        private int maxShift = 2;
        private double cleanTolerance = 0.02;
        private boolean repair = true;
        private double collapseDrop = 0.2;
        private double[] repairWeights = {2, 4, 8, 16, 32, 64};
        private long seed = 0;

        public Builder layers(List<String> v) { layers = List.copyOf(v); return this; }
        public Builder lambdas(double... v) { lambdas = v.clone(); return this; }
        public Builder unitFractions(double... v) { unitFractions = v.clone(); return this; }
        public Builder folds(int v) { folds = v; return this; }
        public Builder augmentCopies(int v) { augmentCopies = v; return this; }
        public Builder maxShift(int v) { maxShift = v; return this; }
        public Builder cleanTolerance(double v) { cleanTolerance = v; return this; }
        public Builder repair(boolean v) { repair = v; return this; }
        public Builder collapseDrop(double v) { collapseDrop = v; return this; }
        public Builder repairWeights(double... v) { repairWeights = v.clone(); return this; }
        public Builder seed(long v) { seed = v; return this; }

        public UnlearningOptions build() {
            if (lambdas.length == 0 || Arrays.stream(lambdas).anyMatch(l -> !(l > 0))) throw new IllegalArgumentException("lambdas: expected positive values");
            if (unitFractions.length == 0 || Arrays.stream(unitFractions).anyMatch(f -> !(f > 0 && f <= 1))) {
                throw new IllegalArgumentException("unitFractions: expected values in (0, 1]");
            }
            if (folds < 2) throw new IllegalArgumentException("folds: expected at least 2");
            if (augmentCopies < 0) throw new IllegalArgumentException("augmentCopies: expected >= 0");
            if (maxShift < 0) throw new IllegalArgumentException("maxShift: expected >= 0");
            if (!(cleanTolerance >= 0 && cleanTolerance <= 1)) throw new IllegalArgumentException("cleanTolerance: expected a fraction in [0, 1]");
            if (!(collapseDrop > 0 && collapseDrop <= 1)) throw new IllegalArgumentException("collapseDrop: expected a fraction in (0, 1]");
            if (repairWeights.length == 0 || Arrays.stream(repairWeights).anyMatch(w -> !(w > 1))) {
                throw new IllegalArgumentException("repairWeights: expected values > 1");
            }
            return new UnlearningOptions(this);
        }
    }
}
