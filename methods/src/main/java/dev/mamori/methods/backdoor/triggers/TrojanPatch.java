package dev.mamori.methods.backdoor.triggers;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.Tensor;
import dev.mamori.models.Classifier;
import dev.mamori.nn.ActivationCapture;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.Linear;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * An optimized trojan-style patch in the manner of TrojanNN (Liu et al., NDSS 2018): the patch's pixels are not chosen
 * by hand but optimized on a (clean) model so that they drive a few chosen internal units strongly, which makes the
 * backdoor easy to implant by retraining on poisoned data. Our reconstruction (BackdoorBench's TrojanNN differs in
 * details we do not have): the units are the {@code units} output channels of a Linear or Conv2d layer with the
 * largest L1 norm of incoming weights (TrojanNN's choice of well-connected neurons); the patch is a square of
 * {@code size} pixels at {@link Corner}; its pattern starts at 0.5 and takes {@code steps} signed-gradient ascent steps
 * of size {@code stepSize} on the mean activation of those units over the given clean images with the patch stamped
 * on, clipped to [0, 1], and is finally rounded to 8 bits.
 */
public final class TrojanPatch {
    /** Where the square sits. */
    public enum Corner { TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT }

    private final int size;
    private final Corner corner;
    private final int units;
    private final int steps;
    private final double stepSize;

    private TrojanPatch(Builder b) {
        this.size = b.size;
        this.corner = b.corner;
        this.units = b.units;
        this.steps = b.steps;
        this.stepSize = b.stepSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options; defaults: a 5x5 square at the top-left corner, 2 units, 40 steps of 0.05. */
    public static final class Builder {
        private int size = 5;
        private Corner corner = Corner.TOP_LEFT;
        private int units = 2;
        private int steps = 40;
        private double stepSize = 0.05;

        public Builder size(int v) { size = v; return this; }
        public Builder corner(Corner v) { corner = Objects.requireNonNull(v); return this; }
        public Builder units(int v) { units = v; return this; }
        public Builder steps(int v) { steps = v; return this; }
        public Builder stepSize(double v) { stepSize = v; return this; }

        public TrojanPatch build() {
            if (size < 1) throw new IllegalArgumentException("trojan patch size must be >= 1; got " + size);
            if (units < 1) throw new IllegalArgumentException("trojan units must be >= 1; got " + units);
            if (steps < 1) throw new IllegalArgumentException("trojan steps must be >= 1; got " + steps);
            if (!(stepSize > 0)) throw new IllegalArgumentException("trojan step size must be positive; got " + stepSize);
            return new TrojanPatch(this);
        }
    }

    /**
     * Optimizes the patch on {@code model} (in eval mode; its weights are not changed) over {@code images}
     * [N, C, H, W]. {@code layer} names a Linear or Conv2d module of the model.
     */
    public PatchTrigger optimize(Classifier model, String layer, INDArray images) {
        Module m = model.module(layer);
        INDArray weight;
        if (m instanceof Linear lin) weight = lin.weight.value();
        else if (m instanceof Conv2d conv) weight = conv.weight.value();
        else throw new IllegalArgumentException("trojan layer '" + layer + "' is a " + m.getClass().getSimpleName() + "; expected a Linear or Conv2d layer");
        int out = (int) weight.size(0);
        if (units > out) throw new IllegalArgumentException("trojan units " + units + " > the " + out + " output units of '" + layer + "'");
        int[] chosen = strongestUnits(weight, units);

        long[] s = images.shape();
        int c = (int) s[1], h = (int) s[2], w = (int) s[3];
        if (size > h || size > w) throw new IllegalArgumentException("a " + size + "x" + size + " patch does not fit " + h + "x" + w + " images");
        float[] mask = new float[c * h * w];
        int y0 = corner == Corner.TOP_LEFT || corner == Corner.TOP_RIGHT ? 0 : h - size;
        int x0 = corner == Corner.TOP_LEFT || corner == Corner.BOTTOM_LEFT ? 0 : w - size;
        for (int ch = 0; ch < c; ch++) {
            for (int y = y0; y < y0 + size; y++) for (int x = x0; x < x0 + size; x++) mask[(ch * h + y) * w + x] = 1f;
        }
        INDArray maskArray = Nd4j.create(mask, new long[]{1, c, h, w}, 'c');
        INDArray pattern = maskArray.mul(0.5f);
        INDArray x = images.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray keep = maskArray.rsub(1f);
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            for (int step = 0; step < steps; step++) {
                Tensor p = Tensor.variable(pattern.dup());
                Tensor stamped = Tensor.of(x).mul(Tensor.of(keep)).add(p.mul(Tensor.of(maskArray)));
                try (ActivationCapture cap = ActivationCapture.of(model, layer)) {
                    model.call(stamped);
                    Tensor act = cap.tensor(layer);
                    Tensor score = unitMean(act, chosen);
                    INDArray g = Autograd.grad(score, p);
                    pattern.addi(Transforms.sign(g, true).muli(maskArray).muli((float) stepSize));
                    Transforms.min(pattern, 1.0, false);
                    Transforms.max(pattern, 0.0, false);
                }
            }
        } finally {
            model.setTraining(wasTraining);
        }
        INDArray rounded = Transforms.round(pattern.mul(255f), false).divi(255f).muli(maskArray);
        INDArray patternChw = rounded.reshape(c, h, w);
        INDArray maskChw = maskArray.reshape(c, h, w);
        String where = corner.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return new PatchTrigger("trojan", String.format(Locale.ROOT, "Trojan-style patch: %dx%d at the %s corner, pattern optimized (%d signed-gradient"
                + " steps of %.3g) to drive units %s of %s", size, size, where, steps, stepSize, Arrays.toString(chosen), layer), maskChw, patternChw);
    }

    /** The mean over the batch (and positions) of the chosen units of an activation [N, units] or [N, units, H, W]. */
    private static Tensor unitMean(Tensor act, int[] chosen) {
        Tensor total = null;
        for (int u : chosen) {
            Tensor unit = act.slice(1, u, u + 1).mean();
            total = total == null ? unit : total.add(unit);
        }
        return total.div(chosen.length);
    }

    /** The output units with the largest L1 norm of incoming weights. */
    static int[] strongestUnits(INDArray weight, int count) {
        int out = (int) weight.size(0);
        double[] norms = new double[out];
        for (int u = 0; u < out; u++) norms[u] = weight.get(NDArrayIndex.point(u)).norm1Number().doubleValue();
        Integer[] order = new Integer[out];
        for (int i = 0; i < out; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(norms[b], norms[a]));
        int[] chosen = new int[count];
        for (int i = 0; i < count; i++) chosen[i] = order[i];
        Arrays.sort(chosen);
        return chosen;
    }
}
