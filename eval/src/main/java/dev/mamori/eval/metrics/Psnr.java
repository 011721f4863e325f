package dev.mamori.eval.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Peak signal-to-noise ratio, {@code 10 log10(dataRange^2 / MSE)}, like scikit-image's
 * {@code peak_signal_noise_ratio(data_range=...)}. Identical inputs give +Infinity.
 */
public final class Psnr {
    private Psnr() {}

    /** PSNR over all elements of two equally shaped tensors, data range 1 (images in [0, 1]). */
    public static double of(INDArray reference, INDArray test) {
        return of(reference, test, 1.0);
    }

    /** PSNR over all elements (a batch is treated as one big image, as scikit-image would). */
    public static double of(INDArray reference, INDArray test, double dataRange) {
        ImageBatch x = ImageBatch.of(reference, "reference");
        ImageBatch y = ImageBatch.of(test, "test");
        x.requireSameShape(y, "reference", "test");
        return fromMse(meanSquaredError(x.data(), y.data(), 0, x.data().length), dataRange);
    }

    /** One PSNR per image of a batch [N, C, H, W], data range 1. */
    public static double[] perImage(INDArray reference, INDArray test) {
        ImageBatch x = ImageBatch.of(reference, "reference");
        ImageBatch y = ImageBatch.of(test, "test");
        x.requireSameShape(y, "reference", "test");
        double[] out = new double[x.count()];
        for (int n = 0; n < out.length; n++) out[n] = fromMse(meanSquaredError(x.data(), y.data(), x.offset(n), x.imageSize()), 1.0);
        return out;
    }

    public static double of(float[] reference, float[] test, double dataRange) {
        if (reference.length != test.length) {
            throw new IllegalArgumentException("reference has " + reference.length + " elements but test has " + test.length);
        }
        if (reference.length == 0) throw new IllegalArgumentException("PSNR of empty arrays is undefined");
        return fromMse(meanSquaredError(reference, test, 0, reference.length), dataRange);
    }

    static double fromMse(double mse, double dataRange) {
        if (!(dataRange > 0)) throw new IllegalArgumentException("dataRange must be > 0, got " + dataRange);
        return 10 * Math.log10(dataRange * dataRange / mse);
    }

    private static double meanSquaredError(float[] a, float[] b, int offset, int length) {
        double sum = 0;
        for (int i = offset; i < offset + length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return sum / length;
    }
}
