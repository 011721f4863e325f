package dev.mamori.data.synthetic;

import java.util.SplittableRandom;

/**
 * Varied RGB backgrounds for detection canvases, so that a detector cannot find objects by the background's colour
 * alone: a solid colour, a linear gradient between two colours in a random direction, smooth colour noise (a 4 x 4
 * grid of random colours interpolated bilinearly), stripes or a checkerboard of two colours with a random period. All
 * values lie in [0, 1]; everything depends on the generator only.
 */
public final class CanvasBackgrounds {
    /** The kinds, drawn uniformly. */
    public enum Kind { SOLID, GRADIENT, NOISE, STRIPES, CHECKER }

    private CanvasBackgrounds() {}

    /** A background of a uniformly drawn kind, CHW [3 * size * size]. */
    public static float[] draw(SplittableRandom rng, int size) {
        Kind kind = Kind.values()[rng.nextInt(Kind.values().length)];
        return draw(kind, rng, size);
    }

    public static float[] draw(Kind kind, SplittableRandom rng, int size) {
        float[] out = new float[3 * size * size];
        float[] a = colour(rng), b = colour(rng);
        int plane = size * size;
        switch (kind) {
            case SOLID -> {
                for (int c = 0; c < 3; c++) java.util.Arrays.fill(out, c * plane, (c + 1) * plane, a[c]);
            }
            case GRADIENT -> {
                double angle = rng.nextDouble() * 2 * Math.PI, dx = Math.cos(angle), dy = Math.sin(angle);
                double reach = (Math.abs(dx) + Math.abs(dy)) * (size - 1);
                double origin = Math.min(0, dx * (size - 1)) + Math.min(0, dy * (size - 1));
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double t = reach == 0 ? 0 : ((x * dx + y * dy) - origin) / reach;
                        for (int c = 0; c < 3; c++) out[c * plane + y * size + x] = (float) (a[c] + (b[c] - a[c]) * t);
                    }
                }
            }
            case NOISE -> {
                int grid = 4;
                float[][] nodes = new float[(grid + 1) * (grid + 1)][];
                for (int i = 0; i < nodes.length; i++) nodes[i] = colour(rng);
                for (int y = 0; y < size; y++) {
                    double gy = (double) y / (size - 1) * grid;
                    int y0 = Math.min((int) gy, grid - 1);
                    double fy = gy - y0;
                    for (int x = 0; x < size; x++) {
                        double gx = (double) x / (size - 1) * grid;
                        int x0 = Math.min((int) gx, grid - 1);
                        double fx = gx - x0;
                        for (int c = 0; c < 3; c++) {
                            double top = nodes[y0 * (grid + 1) + x0][c] * (1 - fx) + nodes[y0 * (grid + 1) + x0 + 1][c] * fx;
                            double bottom = nodes[(y0 + 1) * (grid + 1) + x0][c] * (1 - fx) + nodes[(y0 + 1) * (grid + 1) + x0 + 1][c] * fx;
                            out[c * plane + y * size + x] = (float) (top * (1 - fy) + bottom * fy);
                        }
                    }
                }
            }
            case STRIPES, CHECKER -> {
                int period = 2 + rng.nextInt(Math.max(1, size / 8));
                boolean vertical = rng.nextBoolean();
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        boolean first = kind == Kind.STRIPES ? ((vertical ? x : y) / period) % 2 == 0 : ((x / period) + (y / period)) % 2 == 0;
                        float[] col = first ? a : b;
                        for (int c = 0; c < 3; c++) out[c * plane + y * size + x] = col[c];
                    }
                }
            }
        }
        return out;
    }

    private static float[] colour(SplittableRandom rng) {
        return new float[]{(float) rng.nextDouble(), (float) rng.nextDouble(), (float) rng.nextDouble()};
    }
}
