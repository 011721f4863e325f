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
 * Ours differs from the reference in the step budget (a fixed number of full-batch steps per class, the samples being
 * few) and the initialization (mask logits 0, pattern logits 0).
 */
public final class NeuralCleanse {
    private final int steps;
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

        public Builder steps(int v) { steps = v; return this; }
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
            m.put("mask_l1_per_class", perClass.stream().mapToDouble(ClassTrigger::maskL1).toArray());
            m.put("reverse_engineering_seconds", seconds);
            return m;
        }
    }

    /** Reverse-engineers a trigger for every class of {@code model} from {@code images} [n, C, H, W]. */
    public Reconstruction run(Classifier model, INDArray images) {
        long t0 = System.nanoTime();
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            int classes = model.numClasses();
            ClassTrigger[] out = new ClassTrigger[classes];
            for (int c = 0; c < classes; c++) out[c] = reverse(model, images.castTo(DataType.FLOAT), c);
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

    private ClassTrigger reverse(Classifier model, INDArray x, int target) {
        int n = (int) x.size(0), c = (int) x.size(1), h = (int) x.size(2), w = (int) x.size(3);
        Tensor maskLogits = Tensor.param(Nd4j.zeros(DataType.FLOAT, 1, 1, h, w));
        Tensor patternLogits = Tensor.param(Nd4j.zeros(DataType.FLOAT, 1, c, h, w));
        Adam adam = new Adam(Map.of("mask", maskLogits, "pattern", patternLogits), learningRate, 0.5, 0.9, 1e-8, 0, false);
        int[] labels = new int[n];
        Arrays.fill(labels, target);
        Tensor images = Tensor.of(x);
        double cost = 0;
        int successStreak = 0, failStreak = 0, setCounter = 0;
        INDArray bestMask = null, bestPattern = null;
        double bestL1 = Double.POSITIVE_INFINITY, bestRate = 0, lastRate = 0;
        INDArray lastMask = null, lastPattern = null;
        for (int step = 0; step < steps; step++) {
            double rate, l1;
            try (MemoryScope ignored = MemoryScope.open("neural-cleanse")) {
                Tensor m = maskLogits.sigmoid();
                Tensor p = patternLogits.sigmoid();
                Tensor stamped = images.add(m.mul(p.sub(images)));
                Tensor logits = model.call(stamped);
                Tensor l1Tensor = m.sum();
                Tensor loss = Losses.crossEntropy(logits, labels).add(l1Tensor.mul(cost));
                List<INDArray> g = Autograd.grad(loss, List.of(maskLogits, patternLogits));
                int[] pred = logits.value().argMax(1).toIntVector();
                int hit = 0;
                for (int v : pred) if (v == target) hit++;
                rate = (double) hit / n;
                l1 = l1Tensor.item();
                if (rate >= successThreshold && l1 < bestL1) {
                    bestL1 = l1;
                    bestRate = rate;
                    bestMask = MemoryScope.keep(m.value().dup());
                    bestPattern = MemoryScope.keep(p.value().dup());
                }
                lastRate = rate;
                lastMask = MemoryScope.keep(m.value().dup());
                lastPattern = MemoryScope.keep(p.value().dup());
                maskLogits.setGrad(MemoryScope.keep(g.get(0)));
                patternLogits.setGrad(MemoryScope.keep(g.get(1)));
            }
            adam.step();
            // the reference's cost schedule
            if (cost == 0) {
                setCounter = rate >= successThreshold ? setCounter + 1 : 0;
                if (setCounter >= patience) cost = initialCost;
            } else {
                if (rate >= successThreshold) {
                    successStreak++;
                    failStreak = 0;
                } else {
                    failStreak++;
                    successStreak = 0;
                }
                if (successStreak >= patience) {
                    cost *= 1.5;
                    successStreak = 0;
                } else if (failStreak >= patience) {
                    cost /= Math.pow(1.5, 1.5);
                    failStreak = 0;
                }
            }
        }
        boolean reached = bestMask != null;
        INDArray mask = reached ? bestMask : lastMask;
        INDArray pattern = reached ? bestPattern : lastPattern;
        double l1 = mask.sumNumber().doubleValue();
        PatchTrigger trigger = new PatchTrigger("reversed", String.format(Locale.ROOT, "Neural Cleanse trigger for class %d (mask L1 %.1f,"
                + " success %.0f%% on the samples)", target, l1, 100 * (reached ? bestRate : lastRate)), mask.reshape(1, h, w), pattern.reshape(c, h, w));
        return new ClassTrigger(target, trigger, l1, reached ? bestRate : lastRate, reached);
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
