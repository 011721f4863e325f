package dev.mamori.methods.attacks;

/** The norm that measures a perturbation budget. */
public enum Norm {
    /** max |delta| over all C*H*W elements of an image. */
    LINF("Linf"),
    /** sqrt(sum delta^2) over all C*H*W elements of an image. */
    L2("L2");

    private final String label;

    Norm(String label) {
        this.label = label;
    }

    /** "Linf" or "L2", as in papers and AutoAttack's options. */
    public String label() {
        return label;
    }

    /** The norm of one perturbation {@code adv - clean} (row {@code row} of length {@code d}), in double. */
    public double of(float[] adv, float[] clean, int row, int d) {
        int start = row * d;
        double acc = 0;
        for (int j = start; j < start + d; j++) {
            double delta = Math.abs((double) adv[j] - clean[j]);
            if (this == LINF) acc = Math.max(acc, delta);
            else acc += delta * delta;
        }
        return this == LINF ? acc : Math.sqrt(acc);
    }

    /** Projects {@code m} packed rows of {@code adv} onto this norm's eps-ball around {@code clean} and into [0, 1], in place. */
    public void project(float[] adv, float[] clean, int m, int d, double eps) {
        if (this == LINF) Projections.linf(adv, clean, m, d, eps);
        else Projections.l2(adv, clean, m, d, eps);
    }

    /** Projects the row starting at {@code offset} (see {@link #project}). */
    public void projectRow(float[] adv, float[] clean, int offset, int d, double eps) {
        if (this == LINF) Projections.linfRow(adv, clean, offset, d, eps);
        else Projections.l2Row(adv, clean, offset, d, eps);
    }

    /** Parses "linf", "Linf", "inf", "l2", "L2". */
    public static Norm parse(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "linf", "inf", "l_inf", "l-inf" -> LINF;
            case "l2", "2" -> L2;
            default -> throw new IllegalArgumentException("unknown norm '" + text + "'; expected Linf or L2");
        };
    }
}
