package dev.mamori.methods.backdoor.triggers;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.models.Classifier;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Adam;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import dev.mamori.autograd.ops.Reduction;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trigger reverse-engineering and backdoor detection of Neural Cleanse (Wang et al., IEEE S&amp;P 2019), run on the
 * defender's clean samples. For every class c it looks for the smallest stamped trigger
 * x' = (1 - m) x + m p (mask m [1, H, W] shared by the channels, pattern p [C, H, W], both through a sigmoid) that
 * sends the samples to c: minimize CE(f(x'), c) + cost |m|_1 with Adam (lr 0.1, betas 0.5 and 0.9). The cost follows
 * the reference schedule: 0 until the attack succeeds on {@code successThreshold} of the samples for {@code patience}
 * steps, then the initial cost, raised x1.5 after {@code patience} successful steps and lowered /1.5^1.5 after
 * {@code patience} failing ones; the smallest successful mask is kept. A class whose mask is much smaller than the
 * others' is the likely target: anomaly index = |L1_c - median| / (1.4826 MAD); flagged when above 2 on the small side.
 * Ours differs from the reference in the step budget (a fixed number of full-batch steps, the samples being few, all
 * classes optimized at once in one batch) and the initialization (mask logits 0, pattern logits 0).
 *
 * <p>{@link MaskShape#FULL_IMAGE} (ours, not in the reference): one mask value per class over the whole image, so the
 * trigger searched for is a blend x' = (1 - a) x + a p of a full-image pattern p with the smallest ratio a that sends
 * the samples to the class. The per-pixel mask's L1 penalty favours small patches, which a blended full-image trigger
 * such as Blend's noise (Chen et al. 2017) is not; its L1 here is a times the image area, on the same scale as the
 * per-pixel mask's.
 */
public final class NeuralCleanse {
    /** The form of the mask searched for. */
    public enum MaskShape {
        /** One value per pixel (the reference): stamped patches. */
        PIXEL,
        /** One value per class over the whole image: blended full-image patterns (ours). */
        FULL_IMAGE
    }

    private final int steps;
    private final MaskShape maskShape;
    private final double initialCost;
    private final double successThreshold;
    private final int patience;
    private final double learningRate;

    private NeuralCleanse(Builder b) {
        this.steps = b.steps;
        this.initialCost = b.initialCost;
        this.successThreshold = b.successThreshold;
        this.patience = b.patience;
        this.learningRate = b.learningRate;
        this.maskShape = b.maskShape;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options; defaults: 100 steps per class, initial cost 1e-3, success 0.99, patience 5, lr 0.1. */
    public static final class Builder {
        private int steps = 100;
        private double initialCost = 1e-3;
        private double successThreshold = 0.99;
        private int patience = 5;
        private double learningRate = 0.1;
        private MaskShape maskShape = MaskShape.PIXEL;

        public Builder steps(int v) { steps = v; return this; }
        public Builder maskShape(MaskShape v) { maskShape = java.util.Objects.requireNonNull(v, "maskShape"); return this; }
        public Builder initialCost(double v) { initialCost = v; return this; }
        public Builder successThreshold(double v) { successThreshold = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }

        public NeuralCleanse build() {
            if (steps < 1) throw new IllegalArgumentException("Neural Cleanse steps must be >= 1; got " + steps);
            if (!(initialCost > 0)) throw new IllegalArgumentException("Neural Cleanse initial cost must be positive; got " + initialCost);
            if (!(successThreshold > 0 && successThreshold <= 1)) throw new IllegalArgumentException("success threshold must be in (0, 1]; got " + successThreshold);
            if (patience < 1) throw new IllegalArgumentException("patience must be >= 1; got " + patience);
            if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be positive; got " + learningRate);
            return new NeuralCleanse(this);
        }
    }

    /** One class's reverse-engineered trigger. */
    public record ClassTrigger(int target, PatchTrigger trigger, double maskL1, double successRate, boolean reachedThreshold) {}

    /**
     * The outcome of reverse-engineering every class.
     *
     * @param perClass       each class's smallest trigger found
     * @param anomalyIndices per class, |L1_c - median| / (1.4826 MAD) (0 when MAD is 0)
     * @param flagged        classes whose L1 is below the median with anomaly index above 2
     * @param target         the class with the smallest mask (the defender's best guess whether or not it is flagged)
     * @param seconds        wall-clock seconds of the whole reverse-engineering
     */
    public record Reconstruction(List<ClassTrigger> perClass, double[] anomalyIndices, List<Integer> flagged, int target, double seconds) {
        /** The reverse-engineered trigger of {@link #target}. */
        public PatchTrigger trigger() {
            return perClass.get(target).trigger();
        }

        public boolean detected() {
            return !flagged.isEmpty();
        }

        public Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reversed_target", target);
            m.put("flagged", flagged);
            m.put("anomaly_index_of_target", anomalyIndices[target]);
            m.put("mask_l1_of_target", perClass.get(target).maskL1());
            m.put("mask_l1_per_class", perClass.stream().mapToDouble(ClassTrigger::maskL1).boxed().toList());
            m.put("reverse_engineering_seconds", seconds);
            return m;
        }
    }

    /**
     * Reverse-engineers a trigger for every class of {@code model} from {@code images} [n, C, H, W]. All classes are
     * optimized together: each step stamps every class's candidate on the samples and runs one batch of K x n images
     * (the classes' losses do not interact, so this is K independent optimizations computed at once).
     */
    public Reconstruction run(Classifier model, INDArray images) {
        long t0 = System.nanoTime();
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            ClassTrigger[] out = reverseAll(model, images.castTo(DataType.FLOAT));
            int classes = out.length;
            double[] l1 = Arrays.stream(out).mapToDouble(ClassTrigger::maskL1).toArray();
            double[] anomaly = anomalyIndices(l1);
            double median = median(l1);
            List<Integer> flagged = new java.util.ArrayList<>();
            int target = 0;
            for (int c = 0; c < classes; c++) {
                if (l1[c] < median && anomaly[c] > 2) flagged.add(c);
                if (l1[c] < l1[target]) target = c;
            }
            return new Reconstruction(List.of(out), anomaly, List.copyOf(flagged), target, (System.nanoTime() - t0) / 1e9);
        } finally {
            model.setTraining(wasTraining);
            MemoryScope.release("neural-cleanse");
        }
    }

    private ClassTrigger[] reverseAll(Classifier model, INDArray x) {
        int k = model.numClasses();
        int n = (int) x.size(0), c = (int) x.size(1), h = (int) x.size(2), w = (int) x.size(3);
        boolean full = maskShape == MaskShape.FULL_IMAGE;
        Tensor maskLogits = Tensor.param(full ? Nd4j.zeros(DataType.FLOAT, k, 1, 1, 1, 1) : Nd4j.zeros(DataType.FLOAT, k, 1, 1, h, w));
        Tensor patternLogits = Tensor.param(Nd4j.zeros(DataType.FLOAT, k, 1, c, h, w));
        Adam adam = new Adam(Map.of("mask", maskLogits, "pattern", patternLogits), learningRate, 0.5, 0.9, 1e-8, 0, false);
        int[] labels = new int[k * n];
        for (int t = 0; t < k; t++) Arrays.fill(labels, t * n, (t + 1) * n, t);
        Tensor images = Tensor.of(x.reshape(1, n, c, h, w));
        double[] cost = new double[k];
        int[] successStreak = new int[k], failStreak = new int[k], setCounter = new int[k];
        double[] bestL1 = new double[k], bestRate = new double[k], lastRate = new double[k];
        Arrays.fill(bestL1, Double.POSITIVE_INFINITY);
        INDArray[] bestMask = new INDArray[k], bestPattern = new INDArray[k];
        INDArray lastMask = null, lastPattern = null;
        for (int step = 0; step < steps; step++) {
            double[] rate = new double[k], l1 = new double[k];
            try (MemoryScope ignored = MemoryScope.open("neural-cleanse")) {
                Tensor m = maskLogits.sigmoid();                            // [K, 1, 1, H, W] (full image: [K, 1, 1, 1, 1])
                Tensor p = patternLogits.sigmoid();                         // [K, 1, C, H, W]
                Tensor stamped = images.add(m.mul(p.sub(images)));          // [K, n, C, H, W]
                Tensor logits = model.call(stamped.reshape((long) k * n, c, h, w));
                Tensor ce = Losses.crossEntropy(logits, labels, 0, Reduction.NONE).reshape(k, n).mean(false, 1);  // [K]
                Tensor l1Tensor = m.sum(false, 1, 2, 3, 4);                 // [K]
                if (full) l1Tensor = l1Tensor.mul((double) h * w);          // the blend ratio over the image area
                Tensor costs = Tensor.of(Nd4j.createFromArray(cost).castTo(DataType.FLOAT));
                Tensor loss = ce.add(l1Tensor.mul(costs)).sum();
                List<INDArray> g = Autograd.grad(loss, List.of(maskLogits, patternLogits));
                int[] pred = logits.value().argMax(1).toIntVector();
                for (int i = 0; i < pred.length; i++) if (pred[i] == labels[i]) rate[labels[i]] += 1.0 / n;
                float[] l1v = l1Tensor.value().castTo(DataType.FLOAT).data().asFloat();
                INDArray mv = m.value(), pv = p.value();
                for (int t = 0; t < k; t++) {
                    l1[t] = l1v[t];
                    if (rate[t] >= successThreshold && l1[t] < bestL1[t]) {
                        bestL1[t] = l1[t];
                        bestRate[t] = rate[t];
                        bestMask[t] = MemoryScope.keep(mv.get(NDArrayIndex.point(t)).dup());
                        bestPattern[t] = MemoryScope.keep(pv.get(NDArrayIndex.point(t)).dup());
                    }
                    lastRate[t] = rate[t];
                }
                if (step == steps - 1) {
                    lastMask = MemoryScope.keep(mv.dup());
                    lastPattern = MemoryScope.keep(pv.dup());
                }
                maskLogits.setGrad(MemoryScope.keep(g.get(0).dup()));
                patternLogits.setGrad(MemoryScope.keep(g.get(1).dup()));
            }
            adam.step();
            for (int t = 0; t < k; t++) {
                // the reference's cost schedule, per class
                if (cost[t] == 0) {
                    setCounter[t] = rate[t] >= successThreshold ? setCounter[t] + 1 : 0;
                    if (setCounter[t] >= patience) cost[t] = initialCost;
                } else {
                    if (rate[t] >= successThreshold) {
                        successStreak[t]++;
                        failStreak[t] = 0;
                    } else {
                        failStreak[t]++;
                        successStreak[t] = 0;
                    }
                    if (successStreak[t] >= patience) {
                        cost[t] *= 1.5;
                        successStreak[t] = 0;
                    } else if (failStreak[t] >= patience) {
                        cost[t] /= Math.pow(1.5, 1.5);
                        failStreak[t] = 0;
                    }
                }
            }
        }
        ClassTrigger[] out = new ClassTrigger[k];
        for (int t = 0; t < k; t++) {
            boolean reached = bestMask[t] != null;
            INDArray mask = reached ? bestMask[t] : lastMask.get(NDArrayIndex.point(t)).dup();
            INDArray pattern = reached ? bestPattern[t] : lastPattern.get(NDArrayIndex.point(t)).dup();
            if (full) mask = Nd4j.valueArrayOf(new long[]{1, 1, h, w}, mask.getDouble(0), DataType.FLOAT);
            double l1 = mask.sumNumber().doubleValue();
            double r = reached ? bestRate[t] : lastRate[t];
            String what = full ? String.format(Locale.ROOT, "blend ratio %.3f of a full-image pattern", l1 / (h * w))
                    : String.format(Locale.ROOT, "mask L1 %.1f", l1);
            PatchTrigger trigger = new PatchTrigger("reversed", String.format(Locale.ROOT, "Neural Cleanse trigger for class %d (%s,"
                    + " success %.0f%% on the samples)", t, what, 100 * r), mask.reshape(1, h, w), pattern.reshape(c, h, w));
            out[t] = new ClassTrigger(t, trigger, l1, r, reached);
        }
        return out;
    }

    /** |x - median| / (1.4826 MAD) per value; 0 everywhere when MAD is 0. */
    static double[] anomalyIndices(double[] values) {
        double median = median(values);
        double[] dev = new double[values.length];
        for (int i = 0; i < values.length; i++) dev[i] = Math.abs(values[i] - median);
        double mad = 1.4826 * median(dev);
        double[] out = new double[values.length];
        if (mad > 0) for (int i = 0; i < values.length; i++) out[i] = dev[i] / mad;
        return out;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
