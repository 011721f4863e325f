package dev.mamori.methods.robustness;

import dev.mamori.methods.attacks.AttackResult;
import dev.mamori.methods.attacks.Pgd;
import dev.mamori.models.Classifier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Times PGD-10 (L-inf, fixed 10 steps, no early stop, as in the performance note) over a set of images in batches:
 * one warm-up batch, then every batch timed. A "step" is one forward pass plus the input gradient of a batch, the
 * benchmark suite's input_grad_ms.
 */
public final class PgdTiming {
    private PgdTiming() {}

    /**
     * @param msPerBatchStep   wall time divided by (batches x steps): one PGD step on one batch (forward, input gradient,
     *                         update), with each batch's two extra forward passes (clean and final predictions) spread in
     * @param msPer1000Images  wall time of PGD-10 on 1,000 images
     * @param robustAccuracy   robust accuracy of the timed run (a sanity value)
     */
    public record Result(String model, int images, int batchSize, int steps, double seconds, double msPerBatchStep, double msPer1000Images,
                         double robustAccuracy) {
        @Override
        public String toString() {
            return String.format("%s: PGD-%d on %d images (batch %d): %.1f s, %.1f ms per batch step, %.0f ms per 1000 images, robust accuracy %.1f%%",
                    model, steps, images, batchSize, seconds, msPerBatchStep, msPer1000Images, 100 * robustAccuracy);
        }
    }

    /** PGD-10 at eps 8/255 with alpha 2/255 (torchattacks' defaults) over {@code images} [N, C, H, W] in [0, 1]. */
    public static Result pgd10(String name, Classifier model, INDArray images, int[] labels, int batchSize) {
        return measure(name, model, images, labels, batchSize, 10, 8 / 255.0, 2 / 255.0);
    }

    public static Result measure(String name, Classifier model, INDArray images, int[] labels, int batchSize, int steps, double eps, double alpha) {
        int n = labels.length;
        if (images.size(0) != n) throw new IllegalArgumentException(images.size(0) + " images but " + n + " labels");
        Pgd pgd = Pgd.linf(model, eps).alpha(alpha).steps(steps).randomStart(true).earlyStop(false).batchSize(batchSize);
        int warm = Math.min(batchSize, n);
        pgd.run(images.get(NDArrayIndex.interval(0, warm)).dup(), java.util.Arrays.copyOf(labels, warm));
        long robust = 0;
        long t0 = System.nanoTime();
        for (int start = 0; start < n; start += batchSize) {
            int m = Math.min(batchSize, n - start);
            AttackResult r = pgd.run(images.get(NDArrayIndex.interval(start, start + m)).dup(), java.util.Arrays.copyOfRange(labels, start, start + m));
            robust += r.robustAccuracy().successes();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int batches = (n + batchSize - 1) / batchSize;
        return new Result(name, n, batchSize, steps, seconds, 1000 * seconds / (batches * (double) steps), 1000 * seconds * 1000 / n,
                (double) robust / n);
    }
}
