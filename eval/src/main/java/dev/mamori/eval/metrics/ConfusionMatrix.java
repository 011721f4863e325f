package dev.mamori.eval.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs: row = true class, column = predicted class.
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    private ConfusionMatrix(long[][] counts) {
        this.counts = counts;
    }

    public static ConfusionMatrix of(int[] predicted, int[] labels, int numClasses) {
        if (numClasses < 1) throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        Labels.check("labels", labels, numClasses);
        Labels.checkSameLength("predictions", predicted, "labels", labels.length);
        Labels.check("predictions", predicted, numClasses);
        long[][] counts = new long[numClasses][numClasses];
        for (int i = 0; i < labels.length; i++) counts[labels[i]][predicted[i]]++;
        return new ConfusionMatrix(counts);
    }

    /** From logits [N, C]: the prediction is the argmax, the number of classes is C. */
    public static ConfusionMatrix of(INDArray logits, int[] labels) {
        Logits scores = Logits.of(logits);
        return of(scores.argmax(), labels, scores.numClasses());
    }

    public int numClasses() {
        return counts.length;
    }

    /** How many examples of class {@code trueClass} were predicted as {@code predictedClass}. */
    public long count(int trueClass, int predictedClass) {
        return counts[trueClass][predictedClass];
    }

    /** A copy of the counts, [true][predicted]. */
    public long[][] toArray() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) copy[i] = counts[i].clone();
        return copy;
    }

    public long total() {
        long t = 0;
        for (long[] row : counts) for (long v : row) t += v;
        return t;
    }

    public long trueClassTotal(int trueClass) {
        long t = 0;
        for (long v : counts[trueClass]) t += v;
        return t;
    }

    public Proportion accuracy() {
        long diagonal = 0;
        for (int i = 0; i < counts.length; i++) diagonal += counts[i][i];
        return Proportion.of(diagonal, total());
    }

    /** Recall of each class (correct / examples of that class); zero trials for classes without examples. */
    public Proportion[] perClassAccuracy() {
        Proportion[] out = new Proportion[counts.length];
        for (int c = 0; c < counts.length; c++) out[c] = Proportion.of(counts[c][c], trueClassTotal(c));
        return out;
    }

    /** Text table with class indices as names. */
    public String toText() {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) names.add(Integer.toString(c));
        return toText(names);
    }

    /**
     * Fixed-width text table: one row per true class, one column per predicted class, then the row total and the
     * per-class accuracy.
     */
    public String toText(List<String> classNames) {
        if (classNames.size() != counts.length) {
            throw new IllegalArgumentException("got " + classNames.size() + " class names for " + counts.length + " classes");
        }
        String corner = "true\\pred";
        int nameWidth = corner.length();
        for (String n : classNames) nameWidth = Math.max(nameWidth, n.length());
        int cellWidth = 1;
        for (String n : classNames) cellWidth = Math.max(cellWidth, n.length());
        cellWidth = Math.max(cellWidth, Long.toString(maxCount()).length());
        int totalWidth = Math.max("total".length(), Long.toString(total()).length());

        StringBuilder sb = new StringBuilder();
        sb.append(pad(corner, nameWidth, false));
        for (String n : classNames) sb.append(' ').append(pad(n, cellWidth, true));
        sb.append(" | ").append(pad("total", totalWidth, true)).append("  accuracy\n");
        Proportion[] perClass = perClassAccuracy();
        for (int r = 0; r < counts.length; r++) {
            sb.append(pad(classNames.get(r), nameWidth, false));
            for (long v : counts[r]) sb.append(' ').append(pad(Long.toString(v), cellWidth, true));
            sb.append(" | ").append(pad(Long.toString(trueClassTotal(r)), totalWidth, true)).append("  ");
            sb.append(perClass[r].isEmpty() ? "n/a" : String.format(Locale.ROOT, "%6.2f%%", 100 * perClass[r].value()));
            sb.append('\n');
        }
        return sb.toString();
    }

    private long maxCount() {
        long m = 0;
        for (long[] row : counts) for (long v : row) m = Math.max(m, v);
        return m;
    }

    private static String pad(String s, int width, boolean right) {
        if (s.length() >= width) return s;
        String spaces = " ".repeat(width - s.length());
        return right ? spaces + s : s + spaces;
    }

    @Override
    public String toString() {
        return toText();
    }
}
