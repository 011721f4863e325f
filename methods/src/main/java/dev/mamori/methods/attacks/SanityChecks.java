package dev.mamori.methods.attacks;

import dev.mamori.eval.metrics.Proportion;
import dev.mamori.models.Classifier;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Checks that say when a robustness evaluation cannot be trusted, like AutoAttack's checks.py: randomized outputs,
 * zero or vanishing input gradients (gradient masking), probabilities where logits are expected, too few classes for
 * the DLR loss, and a black-box attack beating the white-box ones. Each check returns a {@link SanityWarning} or
 * nothing; {@link #run} runs the model checks on a batch and prints what it finds.
 */
public final class SanityChecks {
    /** Largest normalized-output difference between repeated calls still taken as deterministic (AutoAttack: 1e-4). */
    public static final double RANDOMIZED_TOLERANCE = 1e-4;
    /** Tolerance of the probability check (AutoAttack: 1e-5). */
    public static final double PROBABILITY_TOLERANCE = 1e-5;
    /** An example's input gradient counts as vanishing when its largest element is below this. */
    public static final double VANISHING_GRADIENT = 1e-10;
    /** A black-box attack may beat the white-box ones by this much robust accuracy before it is flagged (AutoAttack: 0.002). */
    public static final double BLACK_BOX_TOLERANCE = 0.002;

    private SanityChecks() {}

    /** All model checks on a batch, printed to System.err. */
    public static List<SanityWarning> run(Classifier model, INDArray images, int[] labels) {
        return run(model, images, labels, null, System.err);
    }

    /**
     * Randomized outputs (5 calls), probability outputs, zero gradients (of the cross-entropy, averaged with
     * {@code eot} when given) and the class count; printed to {@code out} when not null.
     */
    public static List<SanityWarning> run(Classifier model, INDArray images, int[] labels, Eot eot, PrintStream out) {
        List<SanityWarning> found = new ArrayList<>();
        randomizedOutputs(model, images, labels, 5).ifPresent(found::add);
        probabilityOutputs(model, images).ifPresent(found::add);
        zeroGradients(model, images, labels, eot).ifPresent(found::add);
        classCount(model.numClasses()).ifPresent(found::add);
        if (out != null) print(found, out);
        return found;
    }

    /** Calls the model {@code repeats} times on the same images and compares the L2-normalized outputs. */
    public static Optional<SanityWarning> randomizedOutputs(Classifier model, INDArray images, int[] labels, int repeats) {
        if (repeats < 2) throw new IllegalArgumentException("the randomness check needs at least 2 calls, got " + repeats);
        if (model instanceof RandomizedModel r && r.isRandomized()) {
            return Optional.of(new SanityWarning(SanityWarning.Kind.RANDOMIZED_OUTPUT, "the model draws one of its " + r.realizations()
                    + " realizations per query: it is a randomized defense. Evaluate it with AutoAttack's rand version (AutoAttack.rand:"
                    + " APGD-CE and APGD-DLR with EOT over all " + r.realizations() + " realizations), not the standard one; give other"
                    + " attacks EOT (Attack.eot(Eot.allRealizations())); attacks judge it on every realization"));
        }
        AttackedModel m = view(model, images, null);
        float[] x = AttackedModel.floats(images);
        int n = (int) images.size(0), classes = model.numClasses();
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            List<float[]> outputs = new ArrayList<>();
            int[] correct = new int[repeats];
            for (int r = 0; r < repeats; r++) {
                float[] z = m.logits(x, n);
                outputs.add(z);
                for (int i = 0; i < n; i++) if (AttackState.argmax(z, classes, i) == labels[i]) correct[r]++;
            }
            double maxDiff = 0;
            for (int a = 0; a < repeats; a++) {
                for (int b = a + 1; b < repeats; b++) maxDiff = Math.max(maxDiff, maxNormalizedDifference(outputs.get(a), outputs.get(b), n, classes));
            }
            boolean accuracyChanged = Arrays.stream(correct).distinct().count() > 1;
            if (accuracyChanged || maxDiff > RANDOMIZED_TOLERANCE) {
                return Optional.of(new SanityWarning(SanityWarning.Kind.RANDOMIZED_OUTPUT, String.format(
                        "the model's outputs change between %d calls on the same %d images (largest normalized difference %.3g,"
                                + " correct counts %s): it looks like a randomized defense. Evaluate it with AutoAttack's rand version"
                                + " (AutoAttack.rand: APGD-CE and APGD-DLR with EOT over %d samples), not the standard one; give other attacks"
                                + " EOT (Attack.eot(Eot.repeat(n)), or Eot.allRealizations() for a RandomizedModel); attacks judge it over"
                                + " repeated draws (Attack.draws)",
                        repeats, n, maxDiff, Arrays.toString(correct), AutoAttack.RAND_EOT_SAMPLES)));
            }
            return Optional.empty();
        } finally {
            model.setTraining(wasTraining);
        }
    }

    /** Whether the outputs are all in [0, 1] with rows summing to 1 (softmax applied inside the model). */
    public static Optional<SanityWarning> probabilityOutputs(Classifier model, INDArray images) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            int n = (int) images.size(0), classes = model.numClasses();
            float[] z = view(model, images, null).logits(AttackedModel.floats(images), n);
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, worstSum = 0;
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    double v = z[i * classes + c];
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    sum += v;
                }
                worstSum = Math.max(worstSum, Math.abs(sum - 1));
            }
            if (max < 1 + PROBABILITY_TOLERANCE && min > -PROBABILITY_TOLERANCE && worstSum < PROBABILITY_TOLERANCE) {
                return Optional.of(new SanityWarning(SanityWarning.Kind.PROBABILITY_OUTPUT, "the model's outputs are in [" + fmt(min) + ", "
                        + fmt(max) + "] and every row sums to 1: they look like probabilities; attacks expect logits (remove the softmax)"));
            }
            return Optional.empty();
        } finally {
            model.setTraining(wasTraining);
        }
    }

    /** Counts examples whose cross-entropy input gradient is exactly zero or below {@link #VANISHING_GRADIENT}. */
    public static Optional<SanityWarning> zeroGradients(Classifier model, INDArray images, int[] labels, Eot eot) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            int n = (int) images.size(0);
            AttackedModel m = view(model, images, eot);
            float[] g = m.lossGradient(AttackedModel.floats(images), n, AttackLosses.crossEntropy(), labels, null, new SplittableRandom(0))
                    .gradient();
            int d = m.features();
            int zero = 0, vanishing = 0;
            for (int i = 0; i < n; i++) {
                double max = 0;
                for (int j = i * d; j < (i + 1) * d; j++) max = Math.max(max, Math.abs(g[j]));
                if (max == 0) zero++;
                else if (max < VANISHING_GRADIENT) vanishing++;
            }
            if (zero + vanishing > 0) {
                return Optional.of(new SanityWarning(SanityWarning.Kind.ZERO_GRADIENT, zero + " of " + n + " examples have a zero input"
                        + " gradient and " + vanishing + " a vanishing one (max |grad| < " + VANISHING_GRADIENT + "): gradient-based attacks"
                        + " are unreliable here (gradient masking); use BPDA for non-differentiable preprocessing and a black-box attack"
                        + " such as Square"));
            }
            return Optional.empty();
        } finally {
            model.setTraining(wasTraining);
        }
    }

    /** DLR needs at least 3 classes and the targeted DLR (APGD-T) at least 4. */
    public static Optional<SanityWarning> classCount(int numClasses) {
        if (numClasses <= 2) {
            return Optional.of(new SanityWarning(SanityWarning.Kind.TOO_FEW_CLASSES, "with " + numClasses
                    + " classes the DLR loss cannot be used (APGD-DLR, APGD-T, AutoAttack)"));
        }
        if (numClasses == 3) {
            return Optional.of(new SanityWarning(SanityWarning.Kind.TOO_FEW_CLASSES, "with 3 classes the targeted DLR loss cannot be used"
                    + " (APGD-T; AutoAttack runs without it)"));
        }
        return Optional.empty();
    }

    /** Flags a black-box attack whose robust accuracy is lower than the best white-box attack's (same model, budget). */
    public static Optional<SanityWarning> blackBoxStronger(String blackBox, Proportion blackBoxRobust, String whiteBox, Proportion whiteBoxRobust) {
        double gap = whiteBoxRobust.value() - blackBoxRobust.value();
        if (gap > BLACK_BOX_TOLERANCE) {
            return Optional.of(new SanityWarning(SanityWarning.Kind.BLACK_BOX_STRONGER, String.format(
                    "black-box %s leaves %.2f%% robust accuracy, below the %.2f%% of white-box %s (by %.2f points): the gradients may be"
                            + " masked; the white-box numbers overstate robustness (try EOT, BPDA, more restarts)",
                    blackBox, 100 * blackBoxRobust.value(), 100 * whiteBoxRobust.value(), whiteBox, 100 * gap)));
        }
        return Optional.empty();
    }

    /** Prints each warning on its own line. */
    public static void print(List<SanityWarning> warnings, PrintStream out) {
        for (SanityWarning w : warnings) out.println("[mamori sanity] " + w);
    }

    private static AttackedModel view(Classifier model, INDArray images, Eot eot) {
        long[] shape = images.shape();
        if (shape.length != 4) throw new IllegalArgumentException("sanity checks need images [N, C, H, W], got " + Arrays.toString(shape));
        return new AttackedModel(model, eot, 256, Arrays.copyOfRange(shape, 1, 4));
    }

    /** The largest L2 distance between the L2-normalized rows of two logit blocks (AutoAttack's check_randomized). */
    static double maxNormalizedDifference(float[] a, float[] b, int n, int classes) {
        float[] na = normalizedRows(a, n, classes), nb = normalizedRows(b, n, classes);
        double max = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int c = 0; c < classes; c++) {
                double diff = na[i * classes + c] - nb[i * classes + c];
                s += diff * diff;
            }
            max = Math.max(max, Math.sqrt(s));
        }
        return max;
    }

    private static float[] normalizedRows(float[] z, int n, int classes) {
        float[] out = new float[z.length];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int c = 0; c < classes; c++) s += (double) z[i * classes + c] * z[i * classes + c];
            double inv = 1 / (Math.sqrt(s) + 1e-10);
            for (int c = 0; c < classes; c++) out[i * classes + c] = (float) (z[i * classes + c] * inv);
        }
        return out;
    }

    private static String fmt(double v) {
        return String.format("%.4g", v);
    }
}
