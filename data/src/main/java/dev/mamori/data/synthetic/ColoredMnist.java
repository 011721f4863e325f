package dev.mamori.data.synthetic;

import dev.mamori.data.Dataset;
import dev.mamori.data.FloatImage;
import dev.mamori.data.LabeledImage;
import dev.mamori.data.Seeds;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Colours a grayscale dataset ((Fashion-)MNIST): pixel = v * foreground + (1 - v) * background for gray value v.
 * Each class has its own foreground colour (palette[label % K]) and background colour (backgroundPalette[label % K]).
 * With probability {@code foregroundCorrelation} an example gets its class's foreground colour, otherwise one of the
 * other K - 1 colours uniformly, so correlation 1/K makes colour independent of class and 1 makes it a perfect
 * spurious feature; the same for the background. Colours of example i depend only on (seed, i).
 */
public final class ColoredMnist implements Dataset<ColoredExample> {
    /** Ten well-separated saturated foreground colours (RGB in [0, 1]). */
    public static final List<float[]> FOREGROUND_PALETTE = List.of(
            rgb(230, 25, 75), rgb(60, 180, 75), rgb(255, 225, 25), rgb(0, 130, 200), rgb(245, 130, 48),
            rgb(145, 30, 180), rgb(70, 240, 240), rgb(240, 50, 230), rgb(210, 245, 60), rgb(250, 190, 212));
    /** Ten dark background colours, distinct from the foregrounds so the object stays visible. */
    public static final List<float[]> BACKGROUND_PALETTE = List.of(
            rgb(90, 10, 30), rgb(20, 70, 30), rgb(90, 80, 10), rgb(0, 45, 80), rgb(95, 50, 15),
            rgb(55, 10, 70), rgb(20, 80, 80), rgb(85, 20, 80), rgb(70, 85, 20), rgb(60, 60, 60));

    private final Dataset<? extends LabeledImage> source;
    private final List<float[]> palette;
    private final List<float[]> backgroundPalette;
    private final double foregroundCorrelation;
    private final double backgroundCorrelation;
    private final boolean coloredBackground;
    private final long seed;

    private ColoredMnist(Builder b) {
        this.source = b.source;
        this.palette = b.palette;
        this.backgroundPalette = b.backgroundPalette;
        this.foregroundCorrelation = b.foregroundCorrelation;
        this.backgroundCorrelation = b.backgroundCorrelation;
        this.coloredBackground = b.coloredBackground;
        this.seed = b.seed;
    }

    public static Builder builder(Dataset<? extends LabeledImage> grayscale) {
        return new Builder(grayscale);
    }

    private static float[] rgb(int r, int g, int b) {
        return new float[] {r / 255f, g / 255f, b / 255f};
    }

    @Override public int size() { return source.size(); }

    @Override
    public ColoredExample get(int index) {
        LabeledImage ex = source.get(index);
        FloatImage gray = ex.image().toFloat();
        if (gray.channels() != 1) {
            throw new IllegalArgumentException("ColoredMnist needs 1-channel images; example " + index + " is " + gray.shapeString());
        }
        SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, index, 0x434F4CL));
        int label = ex.label();
        int fg = pick(rng, label % palette.size(), palette.size(), foregroundCorrelation);
        int bg = coloredBackground ? pick(rng, label % backgroundPalette.size(), backgroundPalette.size(), backgroundCorrelation) : -1;
        float[] f = palette.get(fg);
        float[] b = bg < 0 ? new float[3] : backgroundPalette.get(bg);
        int hw = gray.height() * gray.width();
        float[] v = gray.pixels();
        float[] out = new float[3 * hw];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < hw; i++) out[c * hw + i] = v[i] * f[c] + (1f - v[i]) * b[c];
        }
        return new ColoredExample(new FloatImage(3, gray.height(), gray.width(), out), label, fg, bg,
                fg == label % palette.size(), bg >= 0 && bg == label % backgroundPalette.size());
    }

    /** The class colour with probability p, else one of the other k - 1 colours uniformly. */
    private static int pick(SplittableRandom rng, int classColor, int k, double p) {
        if (k == 1 || rng.nextDouble() < p) return classColor;
        int other = rng.nextInt(k - 1);
        return other >= classColor ? other + 1 : other;
    }

    @Override
    public int labelAt(int index) {
        return source.labelAt(index);
    }

    @Override
    public List<String> classes() {
        return source.classes();
    }

    public List<float[]> palette() {
        return palette;
    }

    public List<float[]> backgroundPalette() {
        return backgroundPalette;
    }

    public static final class Builder {
        private final Dataset<? extends LabeledImage> source;
        private List<float[]> palette = FOREGROUND_PALETTE;
        private List<float[]> backgroundPalette = BACKGROUND_PALETTE;
        private double foregroundCorrelation = 0.1;
        private double backgroundCorrelation = 0.1;
        private boolean coloredBackground;
        private long seed;

        private Builder(Dataset<? extends LabeledImage> source) {
            this.source = Objects.requireNonNull(source);
        }

        /** Probability that an example's foreground is its class's colour (default 0.1 = 1/K: independent). */
        public Builder foregroundCorrelation(double p) {
            this.foregroundCorrelation = probability(p);
            return this;
        }

        /** Colours the background too, with probability p of the class's background colour. */
        public Builder coloredBackground(double p) {
            this.coloredBackground = true;
            this.backgroundCorrelation = probability(p);
            return this;
        }

        /** Foreground colours (RGB triples in [0, 1]); class c uses palette[c % size]. */
        public Builder palette(List<float[]> colors) {
            this.palette = checked(colors);
            return this;
        }

        public Builder backgroundPalette(List<float[]> colors) {
            this.backgroundPalette = checked(colors);
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public ColoredMnist build() {
            return new ColoredMnist(this);
        }

        private static double probability(double p) {
            if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("probability must be in [0, 1], got " + p);
            return p;
        }

        private static List<float[]> checked(List<float[]> colors) {
            if (colors.isEmpty()) throw new IllegalArgumentException("a palette needs at least one colour");
            for (float[] c : colors) {
                if (c.length != 3) throw new IllegalArgumentException("colours are RGB triples, got " + c.length + " values");
            }
            return colors.stream().map(float[]::clone).toList();
        }
    }
}
