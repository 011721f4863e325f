package dev.mamori.eval.report;

/** One named line of a line chart: y[i] at x[i]. */
public record Series(String name, double[] x, double[] y) {
    public Series {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a series needs a name (it appears in the legend)");
        if (x == null || y == null || x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "': x and y must have the same length, got "
                    + (x == null ? "null" : x.length) + " and " + (y == null ? "null" : y.length));
        }
        if (x.length == 0) throw new IllegalArgumentException("series '" + name + "' is empty");
        x = x.clone();
        y = y.clone();
    }

    /** A per-epoch series: x = 1, 2, ..., values.length. */
    public static Series perEpoch(String name, double[] values) {
        double[] epochs = new double[values.length];
        for (int i = 0; i < epochs.length; i++) epochs[i] = i + 1;
        return new Series(name, epochs, values);
    }
}
