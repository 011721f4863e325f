package dev.mamori.methods.attacks;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.models.Classifier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * A classifier as attacks see it: images in and out as Java float arrays (row-major [n, C, H, W]), logits without a
 * tape, and input gradients of an {@link AttackLoss} as one vector-Jacobian product through the model. Every model
 * call runs inside a {@link MemoryScope}, so the activations of one step reuse the memory of the previous one; only
 * Java arrays leave it. Large requests are split into chunks of {@code forwardBatch} images.
 */
public final class AttackedModel {
    private final Classifier model;
    private final Eot eot;
    private final int forwardBatch;
    private final long[] imageShape;
    private final int features;

    public AttackedModel(Classifier model, Eot eot, int forwardBatch, long[] imageShape) {
        if (forwardBatch < 1) throw new IllegalArgumentException("forward batch must be >= 1, got " + forwardBatch);
        if (eot != null && eot.overRealizations() && !(model instanceof RandomizedModel)) {
            throw new IllegalArgumentException("EOT over all realizations needs a RandomizedModel; " + model.getClass().getSimpleName() + " is not one");
        }
        this.model = model;
        this.eot = eot;
        this.forwardBatch = forwardBatch;
        this.imageShape = imageShape.clone();
        long f = 1;
        for (long s : imageShape) f *= s;
        this.features = Math.toIntExact(f);
    }

    public Classifier classifier() {
        return model;
    }

    public int numClasses() {
        return model.numClasses();
    }

    /** [C, H, W] of one image. */
    public long[] imageShape() {
        return imageShape.clone();
    }

    /** C*H*W. */
    public int features() {
        return features;
    }

    /** Model evaluations one gradient query costs per example (the EOT samples, or N realizations). */
    public int evaluationsPerGradient() {
        if (eot == null) return 1;
        return eot.overRealizations() ? ((RandomizedModel) model).realizations() : eot.samples();
    }

    /** Logits [n, classes] of n images, without recording a tape. */
    public float[] logits(float[] images, int n) {
        int classes = model.numClasses();
        float[] out = new float[n * classes];
        for (int start = 0; start < n; start += forwardBatch) {
            int m = Math.min(forwardBatch, n - start);
            try (MemoryScope ignored = MemoryScope.open("attack-forward"); GradMode.Scope off = GradMode.noGrad()) {
                INDArray x = batch(images, start, m);
                float[] chunk = floats(model.call(Tensor.of(x)).value());
                checkLogits(chunk, m, classes);
                System.arraycopy(chunk, 0, out, start * classes, m * classes);
            }
        }
        return out;
    }

    /** Logits [n, classes] of realization {@code index} of a randomized model, without a tape. */
    float[] realizationLogits(RandomizedModel randomized, int index, float[] images, int n) {
        int classes = model.numClasses();
        float[] out = new float[n * classes];
        for (int start = 0; start < n; start += forwardBatch) {
            int m = Math.min(forwardBatch, n - start);
            try (MemoryScope ignored = MemoryScope.open("attack-forward"); GradMode.Scope off = GradMode.noGrad()) {
                float[] chunk = floats(randomized.callRealization(index, Tensor.of(batch(images, start, m))).value());
                checkLogits(chunk, m, classes);
                System.arraycopy(chunk, 0, out, start * classes, m * classes);
            }
        }
        return out;
    }

    /**
     * Loss and input gradient of n images. {@code targets} may be null (untargeted losses); {@code random} drives the
     * EOT draws.
     */
    public LossGradient lossGradient(float[] images, int n, AttackLoss loss, int[] labels, int[] targets, SplittableRandom random) {
        int classes = model.numClasses();
        int samples = evaluationsPerGradient();
        float[] logits = new float[n * classes];
        double[] losses = new double[n];
        float[] gradient = new float[n * features];
        boolean exact = eot != null && eot.overRealizations();
        for (int s = 0; s < samples; s++) {
            UnaryOperator<Tensor> transform = eot == null || exact ? null : eot.sampler().sample(random);
            int realization = s;
            for (int start = 0; start < n; start += forwardBatch) {
                int m = Math.min(forwardBatch, n - start);
                int[] y = slice(labels, start, m);
                int[] t = targets == null ? null : slice(targets, start, m);
                try (MemoryScope ignored = MemoryScope.open("attack-gradient"); GradMode.Scope on = GradMode.enableGrad()) {
                    Tensor x = Tensor.variable(batch(images, start, m));
                    Tensor out = exact ? ((RandomizedModel) model).callRealization(realization, x)
                            : model.call(transform == null ? x : transform.apply(x));
                    float[] z = floats(out.value());
                    checkLogits(z, m, classes);
                    double[] l = new double[m];
                    float[] dz = new float[m * classes];
                    loss.evaluate(z, m, classes, y, t, l, dz);
                    INDArray g = Autograd.grad(out, Nd4j.create(dz, new long[]{m, classes}, 'c'), List.of(x)).get(0);
                    float[] gx = floats(g);
                    accumulate(logits, z, start * classes);
                    accumulate(gradient, gx, start * features);
                    for (int i = 0; i < m; i++) losses[start + i] += l[i];
                }
            }
        }
        if (samples > 1) {
            scale(logits, 1f / samples);
            scale(gradient, 1f / samples);
            for (int i = 0; i < n; i++) losses[i] /= samples;
        }
        return new LossGradient(logits, losses, gradient);
    }

    /**
     * For DeepFool: logits of n images and, for each image i and each class in {@code classes[i]}, the gradient of that
     * logit with respect to the image (one forward pass, one backward pass per class column).
     *
     * @return logits [n, numClasses] followed by gradients: result[1 + k] is [n, C*H*W] for the k-th class column
     */
    public List<float[]> logitGradients(float[] images, int n, int[][] classes) {
        int numClasses = model.numClasses();
        int columns = classes.length == 0 ? 0 : classes[0].length;
        float[] logits = new float[n * numClasses];
        List<float[]> grads = new ArrayList<>();
        for (int k = 0; k < columns; k++) grads.add(new float[n * features]);
        forwardInChunks(images, n, logits, (start, m, x, out, z) -> {
            for (int k = 0; k < columns; k++) {
                float[] mask = new float[m * numClasses];
                for (int i = 0; i < m; i++) mask[i * numClasses + classes[start + i][k]] = 1f;
                Tensor selected = out.mul(Tensor.of(Nd4j.create(mask, new long[]{m, numClasses}, 'c'))).sum();
                INDArray g = Autograd.gradRetainingGraph(selected, List.of(x)).get(0);
                System.arraycopy(floats(g), 0, grads.get(k), start * features, m * features);
            }
        });
        List<float[]> result = new ArrayList<>();
        result.add(logits);
        result.addAll(grads);
        return result;
    }

    /**
     * For FAB-T and targeted FAB: logits of n images and, per image i, the gradient of z[to_i] - z[from_i] with
     * respect to it, where {@code pairs} picks (from, to) after seeing the logits. One forward and one backward pass,
     * as the reference's get_diff_logits_grads_batch_targeted, instead of one backward pass per class
     * ({@link #logitGradients}); a vector-Jacobian product with +1 at to and -1 at from is the sum over the batch of
     * the differences, whose gradient with respect to image i is image i's own (the model is in eval mode).
     */
    public LogitDifference logitDifferenceGradients(float[] images, int n, LogitPairChooser pairs) {
        int numClasses = model.numClasses();
        float[] logits = new float[n * numClasses];
        float[] gradient = new float[n * features];
        int[] from = new int[n], to = new int[n];
        forwardInChunks(images, n, logits, (start, m, x, out, z) -> {
            pairs.choose(z, start, m, from, to);
            float[] upstream = new float[m * numClasses];
            for (int i = 0; i < m; i++) {
                int f = from[start + i], t = to[start + i];
                if (f < 0 || f >= numClasses || t < 0 || t >= numClasses || f == t) {
                    throw new IllegalArgumentException("logit pair (" + f + ", " + t + ") of image " + (start + i)
                            + " is not two different classes of [0, " + numClasses + ")");
                }
                upstream[i * numClasses + t] = 1f;
                upstream[i * numClasses + f] = -1f;
            }
            INDArray g = Autograd.grad(out, Nd4j.create(upstream, new long[]{m, numClasses}, 'c'), List.of(x)).get(0);
            System.arraycopy(floats(g), 0, gradient, start * features, m * features);
        });
        return new LogitDifference(logits, from, to, gradient);
    }

    /** What a gradient method does with one chunk's graph: input x [m, ...], logits out [m, classes] (also as z). */
    private interface ChunkBackward {
        void run(int start, int m, Tensor x, Tensor out, float[] z);
    }

    /**
     * Runs the model on n images in chunks of the forward batch with the graph kept, copies each chunk's logits into
     * {@code logits} [n, classes], and hands the chunk to {@code backward} inside the same memory scope.
     */
    private void forwardInChunks(float[] images, int n, float[] logits, ChunkBackward backward) {
        int numClasses = model.numClasses();
        for (int start = 0; start < n; start += forwardBatch) {
            int m = Math.min(forwardBatch, n - start);
            try (MemoryScope ignored = MemoryScope.open("attack-jacobian"); GradMode.Scope on = GradMode.enableGrad()) {
                Tensor x = Tensor.variable(batch(images, start, m));
                Tensor out = model.call(x);
                float[] z = floats(out.value());
                checkLogits(z, m, numClasses);
                System.arraycopy(z, 0, logits, start * numClasses, m * numClasses);
                backward.run(start, m, x, out, z);
            }
        }
    }

    private INDArray batch(float[] images, int start, int m) {
        long[] shape = new long[imageShape.length + 1];
        shape[0] = m;
        System.arraycopy(imageShape, 0, shape, 1, imageShape.length);
        float[] part = start == 0 && images.length == (long) m * features ? images
                : java.util.Arrays.copyOfRange(images, start * features, (start + m) * features);
        return Nd4j.create(part, shape, 'c');
    }

    /** The values of an array as a fresh row-major float[]. */
    static float[] floats(INDArray a) {
        INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
        if (f.isView() || f.ordering() != 'c' || f.data().length() != f.length()) f = f.dup('c');
        return f.data().asFloat();
    }

    private void checkLogits(float[] z, int m, int classes) {
        if (z.length != m * classes) {
            throw new IllegalStateException("the model returned " + z.length + " values for " + m + " images; an attack expects logits [N, "
                    + classes + "]");
        }
    }

    private static int[] slice(int[] a, int start, int m) {
        return start == 0 && a.length == m ? a : java.util.Arrays.copyOfRange(a, start, start + m);
    }

    private static void accumulate(float[] into, float[] part, int offset) {
        for (int i = 0; i < part.length; i++) into[offset + i] += part[i];
    }

    private static void scale(float[] a, float s) {
        for (int i = 0; i < a.length; i++) a[i] *= s;
    }
}
