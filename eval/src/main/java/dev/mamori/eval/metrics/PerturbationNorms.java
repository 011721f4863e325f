package dev.mamori.eval.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-example size of the perturbation {@code adversarial - clean}, over all C*H*W elements of each image.
 *
 * @param linf max |delta|
 * @param l2 sqrt(sum delta^2)
 * @param l0 number of elements with |delta| > the tolerance given to {@link #between(INDArray, INDArray, double)}
 *     (elements, not pixels: a pixel changed in 3 channels counts 3)
 */
public record PerturbationNorms(double[] linf, double[] l2, double[] l0) {

    /** Norms with an L0 tolerance of 0: any change, however small, counts. */
    public static PerturbationNorms between(INDArray clean, INDArray adversarial) {
        return between(clean, adversarial, 0);
    }

    public static PerturbationNorms between(INDArray clean, INDArray adversarial, double l0Tolerance) {
        ImageBatch x = ImageBatch.of(clean, "clean");
        ImageBatch y = ImageBatch.of(adversarial, "adversarial");
        x.requireSameShape(y, "clean", "adversarial");
        return between(x, y, l0Tolerance);
    }

    public static PerturbationNorms between(ImageBatch clean, ImageBatch adversarial, double l0Tolerance) {
        if (!(l0Tolerance >= 0)) throw new IllegalArgumentException("l0Tolerance must be >= 0, got " + l0Tolerance);
        clean.requireSameShape(adversarial, "clean", "adversarial");
        int n = clean.count();
        double[] linf = new double[n];
        double[] l2 = new double[n];
        double[] l0 = new double[n];
        float[] a = clean.data();
        float[] b = adversarial.data();
        for (int i = 0; i < n; i++) {
            double max = 0, squares = 0;
            long changed = 0;
            for (int j = clean.offset(i), end = j + clean.imageSize(); j < end; j++) {
                double delta = Math.abs((double) b[j] - a[j]);
                max = Math.max(max, delta);
                squares += delta * delta;
                if (delta > l0Tolerance) changed++;
            }
            linf[i] = max;
            l2[i] = Math.sqrt(squares);
            l0[i] = changed;
        }
        return new PerturbationNorms(linf, l2, l0);
    }

    public int count() {
        return linf.length;
    }

    public Summary linfSummary() {
        return Summary.of(linf);
    }

    public Summary l2Summary() {
        return Summary.of(l2);
    }

    public Summary l0Summary() {
        return Summary.of(l0);
    }
}
