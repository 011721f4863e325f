package dev.mamori.autograd.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.stream.IntStream;

/**
 * Bilinear grid sampling (PyTorch's grid_sampler_2d, mode "bilinear", padding "zeros" or "border") and its backward
 * pass with respect to the image and the grid. libnd4j has no grid-sample op (its resize and crop_and_resize ops sample
 * regular lattices only), so this kernel is the implementation for every data type and backend; it computes in
 * float64 and returns arrays of the input's type. The four neighbours and their weights are found once per output
 * location and reused for every channel; samples run in parallel (each writes only its own slice of every output).
 *
 * <p>Conventions (PyTorch 1.13, aten/src/ATen/native/GridSampler.h): a grid point (x, y) in [-1, 1] (x indexes the
 * width) is unnormalised to ix = (x + 1) / 2 (W - 1) with align_corners, ((x + 1) W - 1) / 2 without; "border"
 * clips ix to [0, W - 1] and its gradient is 0 where it clipped, the edges included (PyTorch counts them as out of
 * bounds for the gradient); "zeros" reads 0 for taps outside the image.
 */
public final class GridSampleKernel {
    private GridSampleKernel() {}

    /** Where and how strongly one output location reads the image: four taps (nw, ne, sw, se). */
    private record Taps(long x0, long y0, double fx, double fy, double dixDx, double diyDy) {}

    /** The geometry of one call: image [n, c, h, w], grid [n, oh, ow, 2]. */
    private record Geometry(int n, int c, int h, int w, int oh, int ow, boolean border, boolean alignCorners) {
        static Geometry of(INDArray input, INDArray grid, boolean border, boolean alignCorners) {
            return new Geometry((int) input.size(0), (int) input.size(1), (int) input.size(2), (int) input.size(3),
                    (int) grid.size(1), (int) grid.size(2), border, alignCorners);
        }

        int points() {
            return oh * ow;
        }

        Taps taps(double gx, double gy) {
            double[] x = sourceIndex(gx, w), y = sourceIndex(gy, h);
            double ix = x[0], iy = y[0];
            long x0 = (long) Math.floor(ix), y0 = (long) Math.floor(iy);
            return new Taps(x0, y0, ix - x0, iy - y0, x[1], y[1]);
        }

        /** [source index, d index / d grid coordinate] for one axis of the given size. */
        double[] sourceIndex(double coord, int size) {
            double scale = alignCorners ? (size - 1) / 2.0 : size / 2.0;
            double i = alignCorners ? (coord + 1) * scale : ((coord + 1) * size - 1) / 2;
            if (!border) return new double[]{i, scale};
            if (i <= 0) return new double[]{0, 0};
            if (i >= size - 1) return new double[]{size - 1, 0};
            return new double[]{i, scale};
        }

        boolean inside(long x, long y) {
            return x >= 0 && x < w && y >= 0 && y < h;
        }
    }

    /** output [n, c, oh, ow] = the image [n, c, h, w] sampled at grid [n, oh, ow, 2]. */
    public static INDArray forward(INDArray input, INDArray grid, boolean border, boolean alignCorners) {
        Geometry g = Geometry.of(input, grid, border, alignCorners);
        double[] in = doubles(input), gr = doubles(grid);
        double[] out = new double[g.n * g.c * g.points()];
        int plane = g.h * g.w, points = g.points();
        IntStream.range(0, g.n).parallel().forEach(s -> {
            for (int p = 0; p < points; p++) {
                int gi = (s * points + p) * 2;
                Taps t = g.taps(gr[gi], gr[gi + 1]);
                for (int ch = 0; ch < g.c; ch++) {
                    int base = (s * g.c + ch) * plane;
                    out[(s * g.c + ch) * points + p] = interpolate(g, in, base, t);
                }
            }
        });
        return Nd4j.create(out, new long[]{g.n, g.c, g.oh, g.ow}, 'c').castTo(input.dataType());
    }

    /**
     * [gradient of the image, gradient of the grid] for the upstream gradient {@code gOut} [n, c, oh, ow]; either is
     * null when not needed.
     */
    public static INDArray[] backward(INDArray input, INDArray grid, INDArray gOut, boolean border, boolean alignCorners,
                                      boolean needInput, boolean needGrid) {
        Geometry g = Geometry.of(input, grid, border, alignCorners);
        double[] in = doubles(input), gr = doubles(grid), go = doubles(gOut);
        double[] gIn = needInput ? new double[g.n * g.c * g.h * g.w] : null;
        double[] gGrid = needGrid ? new double[gr.length] : null;
        int plane = g.h * g.w, points = g.points();
        IntStream.range(0, g.n).parallel().forEach(s -> {
            for (int p = 0; p < points; p++) {
                int gi = (s * points + p) * 2;
                Taps t = g.taps(gr[gi], gr[gi + 1]);
                double gix = 0, giy = 0;
                for (int ch = 0; ch < g.c; ch++) {
                    int base = (s * g.c + ch) * plane;
                    double up = go[(s * g.c + ch) * points + p];
                    if (gIn != null) scatter(g, gIn, base, t, up);
                    if (gGrid != null) {
                        double[] d = slopes(g, in, base, t);
                        gix += d[0] * up;
                        giy += d[1] * up;
                    }
                }
                if (gGrid != null) {
                    gGrid[gi] = gix * t.dixDx;
                    gGrid[gi + 1] = giy * t.diyDy;
                }
            }
        });
        DataType type = input.dataType();
        return new INDArray[]{
                gIn == null ? null : Nd4j.create(gIn, input.shape(), 'c').castTo(type),
                gGrid == null ? null : Nd4j.create(gGrid, grid.shape(), 'c').castTo(grid.dataType())};
    }

    private static double interpolate(Geometry g, double[] in, int base, Taps t) {
        double fx = t.fx, fy = t.fy;
        return tap(g, in, base, t.x0, t.y0) * (1 - fx) * (1 - fy)
                + tap(g, in, base, t.x0 + 1, t.y0) * fx * (1 - fy)
                + tap(g, in, base, t.x0, t.y0 + 1) * (1 - fx) * fy
                + tap(g, in, base, t.x0 + 1, t.y0 + 1) * fx * fy;
    }

    /** d output / d ix and d output / d iy of one channel (the bilinear surface's slopes). */
    private static double[] slopes(Geometry g, double[] in, int base, Taps t) {
        double nw = tap(g, in, base, t.x0, t.y0), ne = tap(g, in, base, t.x0 + 1, t.y0);
        double sw = tap(g, in, base, t.x0, t.y0 + 1), se = tap(g, in, base, t.x0 + 1, t.y0 + 1);
        double fx = t.fx, fy = t.fy;
        return new double[]{(ne - nw) * (1 - fy) + (se - sw) * fy, (sw - nw) * (1 - fx) + (se - ne) * fx};
    }

    private static void scatter(Geometry g, double[] gIn, int base, Taps t, double up) {
        double fx = t.fx, fy = t.fy;
        add(g, gIn, base, t.x0, t.y0, up * (1 - fx) * (1 - fy));
        add(g, gIn, base, t.x0 + 1, t.y0, up * fx * (1 - fy));
        add(g, gIn, base, t.x0, t.y0 + 1, up * (1 - fx) * fy);
        add(g, gIn, base, t.x0 + 1, t.y0 + 1, up * fx * fy);
    }

    private static double tap(Geometry g, double[] in, int base, long x, long y) {
        return g.inside(x, y) ? in[base + (int) y * g.w + (int) x] : 0;
    }

    private static void add(Geometry g, double[] gIn, int base, long x, long y, double v) {
        if (g.inside(x, y)) gIn[base + (int) y * g.w + (int) x] += v;
    }

    private static double[] doubles(INDArray a) {
        INDArray c = CpuKernels.contiguous(a);
        double[] all = c.data().asDouble();
        return all.length == c.length() ? all : java.util.Arrays.copyOf(all, (int) c.length());
    }
}
