package dev.mamori.methods.common.judge;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.List;

/**
 * An LPIPS-style perceptual distance (ours): the "baseline" variant of Zhang et al., "The Unreasonable Effectiveness of
 * Deep Features as a Perceptual Metric", CVPR 2018 (uniform layer weights, no learned linear calibration), computed on
 * the feature maps of a ConvMixer judge trained here instead of AlexNet/VGG pretrained on ImageNet, which cannot be
 * downloaded. For each layer l with maps f_l(x) [C, H, W]: unit-normalize every spatial position's channel vector,
 * take the squared difference summed over channels, average over positions; sum over layers:
 * <pre>
 *   d(x, y) = sum_l mean_{h,w} || f_l(x)_{:,h,w} / |f_l(x)_{:,h,w}| - f_l(y)_{:,h,w} / |f_l(y)_{:,h,w}| ||^2
 * </pre>
 * 0 for identical images, symmetric, at most 4 per layer. Its values depend on the judge network, so they are
 * comparable only between measurements with the same judge (a report must name it), never with published LPIPS numbers.
 */
public final class PerceptualDistance {
    /** Added to channel norms so that an all-zero position (dead ReLU) does not divide by zero (LPIPS uses 1e-10). */
    private static final double EPS = 1e-10;

    private final IndependentClassifier judge;

    public PerceptualDistance(IndependentClassifier judge) {
        if (!judge.hasFeatureMaps()) {
            throw new IllegalArgumentException("the perceptual distance needs a ConvMixer judge (per-layer feature maps); got "
                    + judge.info().architecture());
        }
        this.judge = judge;
    }

    /** The judge whose features define the distance (name it in reports). */
    public IndependentClassifier judge() {
        return judge;
    }

    /**
     * Distances between paired images: {@code a[i]} against {@code b[i]}, both [N, C, H, W] in [0, 1] of the same shape.
     *
     * @return N distances
     */
    public double[] between(INDArray a, INDArray b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("the perceptual distance compares paired images of one shape; got "
                    + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        }
        int n = (int) a.size(0);
        double[] out = new double[n];
        int[] offset = {0};
        // Both images of a pair go through the judge in one call (chunks of 128 pairs, one judge batch of 256).
        for (int s = 0; s < n; s += 128) {
            int e = Math.min(n, s + 128);
            INDArray chunk = Nd4j.concat(0, a.get(NDArrayIndex.interval(s, e)), b.get(NDArrayIndex.interval(s, e)));
            int m = e - s;
            offset[0] = s;
            IndependentClassifier.forBatches(chunk, x -> {
                double[] d = fromMaps(judge.featureMaps(x), m);
                System.arraycopy(d, 0, out, offset[0], m);
            });
        }
        return out;
    }

    /** The mean distance over pairs. */
    public double mean(INDArray a, INDArray b) {
        return Arrays.stream(between(a, b)).average().orElse(Double.NaN);
    }

    /** Distances from per-layer maps of 2m images: the first m against the last m. */
    static double[] fromMaps(List<INDArray> maps, int m) {
        double[] d = new double[m];
        for (INDArray f : maps) {
            INDArray unit = f.div(Transforms.sqrt(f.mul(f).sum(true, 1)).addi(EPS)); // [2m, C, H, W]
            INDArray x = unit.get(NDArrayIndex.interval(0, m)), y = unit.get(NDArrayIndex.interval(m, 2 * m));
            INDArray diff = x.sub(y);
            INDArray perImage = diff.muli(diff).sum(1).mean(1, 2); // [m]
            for (int i = 0; i < m; i++) d[i] += perImage.getDouble(i);
        }
        return d;
    }
}
