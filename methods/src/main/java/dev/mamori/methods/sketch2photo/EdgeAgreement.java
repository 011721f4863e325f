package dev.mamori.methods.sketch2photo;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How well two binary edge maps agree: the Dice coefficient 2|A and B| / (|A| + |B|) per example (1: identical edges,
 * 0: disjoint; two empty maps agree fully). Used to check that edge standardization maps a photo and its own line art
 * close together, and to measure how well a generated image keeps the sketch's edges.
 */
public final class EdgeAgreement {
    private EdgeAgreement() {}

    /** Dice of each row of two edge maps [N, 1, H, W] in {0, 1} (values above 0.5 count as edge). */
    public static double[] dice(INDArray a, INDArray b) {
        if (!java.util.Arrays.equals(a.shape(), b.shape()) || a.rank() != 4) {
            throw new IllegalArgumentException("edge maps of one shape [N, 1, H, W] expected, got " + java.util.Arrays.toString(a.shape())
                    + " and " + java.util.Arrays.toString(b.shape()));
        }
        int n = (int) a.size(0), len = (int) (a.length() / Math.max(1, n));
        float[] x = a.castTo(DataType.FLOAT).dup('c').data().asFloat(), y = b.castTo(DataType.FLOAT).dup('c').data().asFloat();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            long both = 0, ca = 0, cb = 0;
            for (int p = i * len; p < (i + 1) * len; p++) {
                boolean ea = x[p] > 0.5f, eb = y[p] > 0.5f;
                if (ea) ca++;
                if (eb) cb++;
                if (ea && eb) both++;
            }
            out[i] = ca + cb == 0 ? 1 : 2.0 * both / (ca + cb);
        }
        return out;
    }
}
