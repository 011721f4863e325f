package dev.mamori.methods.genattack.attributes;

import dev.mamori.eval.metrics.BalancedAccuracy;
import dev.mamori.eval.metrics.Estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One attribute's balanced accuracy (mean per-class recall, {@link BalancedAccuracy}) with a 95% bootstrap interval,
 * beside chance (1 / the classes scored). Only classes with at least {@code minPerClass} test images are scored (the
 * test images of rarer classes are left out, and the report says which classes were scored): a recall measured on
 * three images is noise, not evidence. An attribute with fewer than two such classes is not measured
 * ({@link #notMeasured} says why), e.g. eyeglasses, which few emoji names state.
 *
 * @param balancedAccuracy null when not measured
 * @param chance           1 / classes scored; NaN when not measured
 * @param classesScored    the classes whose images were scored
 * @param images           the test images scored
 * @param notMeasured      why the attribute was not measured; null when it was
 */
public record AttributeAccuracy(String attribute, Estimate balancedAccuracy, double chance, List<String> classesScored, int images,
                                String notMeasured) {
    /** Test images a class needs to be scored. */
    public static final int DEFAULT_MIN_PER_CLASS = 10;

    public boolean measured() {
        return notMeasured == null;
    }

    /** Whether the interval lies above chance (false when not measured). */
    public boolean aboveChance() {
        return measured() && balancedAccuracy.interval().lower() > chance;
    }

    /** The accuracy of {@code predicted} against {@code labels} over the classes of {@code classes} with enough test images. */
    public static AttributeAccuracy of(String attribute, List<String> classes, int[] predicted, int[] labels, int minPerClass, long seed) {
        if (predicted.length != labels.length) throw new IllegalArgumentException(attribute + ": " + predicted.length + " predictions for " + labels.length + " labels");
        int[] counts = new int[classes.size()];
        for (int y : labels) counts[y]++;
        List<String> scored = new ArrayList<>();
        List<String> rare = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] >= minPerClass) scored.add(classes.get(c));
            else if (counts[c] > 0) rare.add(String.format(Locale.ROOT, "'%s' %d", classes.get(c), counts[c]));
        }
        if (scored.size() < 2) {
            String why = String.format(Locale.ROOT, "fewer than two classes with %d or more test images (%s%s)", minPerClass,
                    scored.isEmpty() ? "none" : "only '" + scored.get(0) + "'", rare.isEmpty() ? "" : "; rarer: " + String.join(", ", rare));
            return new AttributeAccuracy(attribute, null, Double.NaN, List.copyOf(scored), 0, why);
        }
        int kept = 0;
        for (int y : labels) if (counts[y] >= minPerClass) kept++;
        int[] p = new int[kept], t = new int[kept];
        for (int i = 0, j = 0; i < labels.length; i++) {
            if (counts[labels[i]] < minPerClass) continue;
            p[j] = predicted[i];
            t[j++] = labels[i];
        }
        return new AttributeAccuracy(attribute, BalancedAccuracy.of(p, t, classes.size(), seed), 1.0 / scored.size(), List.copyOf(scored), kept, null);
    }

    /** Every attribute of {@code truth} against {@code predicted} ([attribute][image]). */
    public static List<AttributeAccuracy> all(AttributeLabels truth, int[][] predicted, int minPerClass, long seed) {
        List<AttributeAccuracy> out = new ArrayList<>();
        for (int a = 0; a < truth.attributes().size(); a++) {
            out.add(of(truth.attributes().get(a), truth.classes().get(a), predicted[a], truth.labels()[a], minPerClass, seed + a));
        }
        return out;
    }
}
