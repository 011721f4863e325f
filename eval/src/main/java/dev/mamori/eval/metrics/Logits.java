package dev.mamori.eval.metrics;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * A checked {@code [N, C]} matrix of class scores (logits or probabilities: only their order matters here),
 * copied once into a Java array so that per-example loops stay cheap.
 *
 * <p>Ties are broken by class index: among equal scores the lower class index ranks first. This matches
 * {@code argmax} returning the first maximum and makes top-k deterministic.
 */
public final class Logits {
    private final float[] scores;
    private final int size;
    private final int numClasses;

    private Logits(float[] scores, int size, int numClasses) {
        if (size == 0) throw new IllegalArgumentException("logits are empty (N = 0): a metric needs at least one example");
        if (numClasses == 0) throw new IllegalArgumentException("logits have no classes (C = 0)");
        for (int i = 0; i < scores.length; i++) {
            if (Float.isNaN(scores[i])) {
                throw new IllegalArgumentException("logits[" + i / numClasses + "][" + i % numClasses + "] is NaN");
            }
        }
        this.scores = scores;
        this.size = size;
        this.numClasses = numClasses;
    }

    /** From an INDArray of shape [N, C] (any floating type). */
    public static Logits of(INDArray logits) {
        if (logits == null) throw new IllegalArgumentException("logits are null");
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("logits must have shape [N, C], got " + Arrays.toString(logits.shape()));
        }
        int n = Math.toIntExact(logits.size(0));
        int c = Math.toIntExact(logits.size(1));
        float[] data = n * (long) c == 0 ? new float[0] : logits.castTo(DataType.FLOAT).dup('c').data().asFloat();
        return new Logits(data, n, c);
    }

    /** From rows of scores; all rows must have the same length. */
    public static Logits of(float[][] rows) {
        if (rows == null) throw new IllegalArgumentException("logits are null");
        if (rows.length == 0) return new Logits(new float[0], 0, 1);
        int c = rows[0].length;
        float[] data = new float[rows.length * c];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != c) {
                throw new IllegalArgumentException("logits row " + i + " has " + rows[i].length + " classes, row 0 has " + c);
            }
            System.arraycopy(rows[i], 0, data, i * c, c);
        }
        return new Logits(data, rows.length, c);
    }

    public int size() {
        return size;
    }

    public int numClasses() {
        return numClasses;
    }

    public float score(int example, int cls) {
        return scores[example * numClasses + cls];
    }

    /** The predicted class of every example (first maximum on ties). */
    public int[] argmax() {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            int best = 0;
            for (int c = 1; c < numClasses; c++) {
                if (score(i, c) > score(i, best)) best = c;
            }
            out[i] = best;
        }
        return out;
    }

    /**
     * How many classes rank ahead of {@code cls} for one example: those with a higher score, plus those with an
     * equal score and a lower index. 0 means {@code cls} is the top-1 prediction.
     */
    public int rank(int example, int cls) {
        float s = score(example, cls);
        int ahead = 0;
        for (int c = 0; c < numClasses; c++) {
            float other = score(example, c);
            if (other > s || (other == s && c < cls)) ahead++;
        }
        return ahead;
    }
}
