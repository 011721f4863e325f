package dev.mamori.eval.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Structural similarity with the semantics of scikit-image 0.19
 * {@code structural_similarity(data_range=dataRange, gaussian_weights=True, sigma=1.5, use_sample_covariance=False)}:
 * <ul>
 *   <li>local statistics from a Gaussian filter (sigma 1.5, truncate 3.5, so an 11x11 window; scipy "reflect"
 *   border),</li>
 *   <li>population (not sample) covariances, K1 = 0.01, K2 = 0.03,</li>
 *   <li>the mean is taken over the SSIM map after cropping (window - 1) / 2 = 5 pixels from every border, so the
 *   border mode never reaches the mean,</li>
 *   <li>multi-channel images: the mean over channels of the per-channel SSIM.</li>
 * </ul>
 * Images must be at least one window (11 pixels) high and wide, as in scikit-image.
 */
public record Ssim(double dataRange, double sigma, double k1, double k2) {
    /** scikit-image's truncate for SSIM: the window is 2 * int(3.5 * sigma + 0.5) + 1 pixels. */
    public static final double TRUNCATE = 3.5;

    public Ssim {
        if (!(dataRange > 0)) throw new IllegalArgumentException("dataRange must be > 0, got " + dataRange);
        if (!(sigma > 0)) throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
    }

    /** Data range 1 (images in [0, 1]), sigma 1.5, K1 0.01, K2 0.03. */
    public static Ssim standard() {
        return new Ssim(1.0, 1.5, 0.01, 0.03);
    }

    /** Mean SSIM of one image pair [C, H, W] (or a batch treated image by image and averaged, see {@link #perImage}). */
    public double of(INDArray reference, INDArray test) {
        double[] values = perImage(reference, test);
        double sum = 0;
        for (double v : values) sum += v;
        return sum / values.length;
    }

    /** One SSIM per image of [N, C, H, W] (or a single value for [C, H, W]); each is the channel mean. */
    public double[] perImage(INDArray reference, INDArray test) {
        ImageBatch x = ImageBatch.of(reference, "reference");
        ImageBatch y = ImageBatch.of(test, "test");
        x.requireSameShape(y, "reference", "test");
        double[] out = new double[x.count()];
        for (int n = 0; n < out.length; n++) {
            double sum = 0;
            for (int c = 0; c < x.channels(); c++) sum += plane(x.plane(n, c), y.plane(n, c), x.height(), x.width());
            out[n] = sum / x.channels();
        }
        return out;
    }

    /** Mean SSIM of two single-channel images, row-major [height, width]. */
    public double plane(double[] reference, double[] test, int height, int width) {
        GaussianFilter filter = new GaussianFilter(sigma, TRUNCATE);
        double[] map = map(reference, test, height, width, filter);
        int pad = (filter.windowSize() - 1) / 2;
        double sum = 0;
        for (int y = pad; y < height - pad; y++) {
            for (int x = pad; x < width - pad; x++) sum += map[y * width + x];
        }
        return sum / ((double) (height - 2 * pad) * (width - 2 * pad));
    }

    /** The full (uncropped) SSIM map of two single-channel images, row-major [height, width]. */
    public double[] map(double[] reference, double[] test, int height, int width) {
        return map(reference, test, height, width, new GaussianFilter(sigma, TRUNCATE));
    }

    private double[] map(double[] x, double[] y, int height, int width, GaussianFilter filter) {
        if (x.length != height * width || y.length != height * width) {
            throw new IllegalArgumentException("images must have " + height + "x" + width + " = " + height * width
                    + " values, got " + x.length + " and " + y.length);
        }
        int window = filter.windowSize();
        if (height < window || width < window) {
            throw new IllegalArgumentException("SSIM needs images at least " + window + "x" + window
                    + " (the Gaussian window for sigma " + sigma + "), got " + height + "x" + width);
        }
        int size = height * width;
        double[] xx = new double[size], yy = new double[size], xy = new double[size];
        for (int i = 0; i < size; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] ux = filter.apply(x, height, width);
        double[] uy = filter.apply(y, height, width);
        double[] uxx = filter.apply(xx, height, width);
        double[] uyy = filter.apply(yy, height, width);
        double[] uxy = filter.apply(xy, height, width);
        double c1 = (k1 * dataRange) * (k1 * dataRange);
        double c2 = (k2 * dataRange) * (k2 * dataRange);
        double[] map = new double[size];
        for (int i = 0; i < size; i++) {
            double vx = uxx[i] - ux[i] * ux[i];
            double vy = uyy[i] - uy[i] * uy[i];
            double vxy = uxy[i] - ux[i] * uy[i];
            double numerator = (2 * ux[i] * uy[i] + c1) * (2 * vxy + c2);
            double denominator = (ux[i] * ux[i] + uy[i] * uy[i] + c1) * (vx + vy + c2);
            map[i] = numerator / denominator;
        }
        return map;
    }
}
