package dev.mamori.eval.metrics;

/**
 * Separable 2-D Gaussian blur with the kernel and border handling of {@code scipy.ndimage.gaussian_filter}:
 * radius {@code int(truncate * sigma + 0.5)}, weights {@code exp(-x^2 / (2 sigma^2))} normalised to sum 1, and
 * mode "reflect" (the edge sample is repeated: d c b a | a b c d | d c b a).
 */
final class GaussianFilter {
    private final double[] kernel;
    private final int radius;

    GaussianFilter(double sigma, double truncate) {
        if (!(sigma > 0)) throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
        this.radius = (int) (truncate * sigma + 0.5);
        this.kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int x = -radius; x <= radius; x++) {
            kernel[x + radius] = Math.exp(-0.5 * x * x / (sigma * sigma));
            sum += kernel[x + radius];
        }
        for (int i = 0; i < kernel.length; i++) kernel[i] /= sum;
    }

    int radius() {
        return radius;
    }

    /** Window side length, 2 * radius + 1 (11 for sigma 1.5, truncate 3.5). */
    int windowSize() {
        return kernel.length;
    }

    /** Blurs a row-major [height, width] image; rows first, then columns (the order does not change the result). */
    double[] apply(double[] image, int height, int width) {
        double[] rows = new double[image.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double s = 0;
                for (int k = -radius; k <= radius; k++) s += kernel[k + radius] * image[y * width + reflect(x + k, width)];
                rows[y * width + x] = s;
            }
        }
        double[] out = new double[image.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double s = 0;
                for (int k = -radius; k <= radius; k++) s += kernel[k + radius] * rows[reflect(y + k, height) * width + x];
                out[y * width + x] = s;
            }
        }
        return out;
    }

    /** scipy "reflect" for one reflection, enough while radius < size (SSIM checks the image is at least a window). */
    private static int reflect(int i, int size) {
        if (i < 0) return -i - 1;
        if (i >= size) return 2 * size - i - 1;
        return i;
    }
}
