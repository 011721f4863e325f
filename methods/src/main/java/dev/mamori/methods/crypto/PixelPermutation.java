package dev.mamori.methods.crypto;

import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.NativeOps;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fixed rearrangement of the values of one C x H x W image, optionally with some values inverted:
 * {@code out[j] = in[source[j]]}, or {@code peak - in[source[j]]} where {@code negated[j]}. Indices are flat C-order
 * image indices (see {@link BlockGeometry}).
 *
 * <p>Block-wise pixel shuffling, block-wise negative/positive, EtC scrambling and the learnable encryption schemes are
 * all of this form once their key is expanded to a whole image, so they share this one vectorised implementation: a
 * batch is viewed as [N, C*H*W] and transformed with one native {@code gather} along the second axis plus, when some
 * value is inverted, one multiply-add by a row of signs and offsets. No per-pixel Java loop runs per batch. The
 * arithmetic is exact: a gather copies values, {@code x * 1 + 0 == x} and {@code x * -1 + peak == peak - x}.
 *
 * <p>It is differentiable: the gradient of {@code out} with respect to {@code in} is the gradient multiplied by the
 * signs and gathered back through the inverse permutation.
 */
public final class PixelPermutation {
    private final int channels;
    private final int height;
    private final int width;
    private final int[] source;
    private final boolean[] negated;
    private final double peak;
    private final boolean identityOrder;
    private final boolean anyNegated;
    private final INDArray sourceIndex;
    private final INDArray inverseIndex;
    /** Per dtype: {sign row, offset row}, each [1, C*H*W]. */
    private final Map<DataType, INDArray[]> signsAndOffsets = new ConcurrentHashMap<>();

    private PixelPermutation(int channels, int height, int width, int[] source, boolean[] negated, double peak) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.source = source;
        this.negated = negated;
        this.peak = peak;
        int n = source.length;
        int[] inverse = new int[n];
        boolean identity = true;
        for (int j = 0; j < n; j++) {
            inverse[source[j]] = j;
            identity &= source[j] == j;
        }
        boolean neg = false;
        for (boolean b : negated) neg |= b;
        this.identityOrder = identity;
        this.anyNegated = neg;
        // cached for the object's lifetime: never inside a memory scope (a training step), whose arrays die with it
        this.sourceIndex = MemoryScope.outside(() -> Nd4j.createFromArray(source));
        this.inverseIndex = MemoryScope.outside(() -> Nd4j.createFromArray(inverse));
    }

    /**
     * A permutation with inversion. {@code source} must be a permutation of 0..C*H*W-1; {@code negated} (same length,
     * or null for none) marks output values that become {@code peak - value}.
     */
    public static PixelPermutation of(int channels, int height, int width, int[] source, boolean[] negated, double peak) {
        int n = Math.multiplyExact(Math.multiplyExact(channels, height), width);
        if (source.length != n) {
            throw new IllegalArgumentException("source has " + source.length + " entries; expected C*H*W = " + n);
        }
        Permutations.require(source, "source");
        boolean[] neg = negated == null ? new boolean[n] : negated.clone();
        if (neg.length != n) {
            throw new IllegalArgumentException("negated has " + neg.length + " entries; expected C*H*W = " + n);
        }
        return new PixelPermutation(channels, height, width, source.clone(), neg, peak);
    }

    /** A pure rearrangement (nothing inverted). */
    public static PixelPermutation of(int channels, int height, int width, int[] source) {
        return of(channels, height, width, source, null, 1.0);
    }

    /** The transform that undoes this one: in[source[j]] = out[j] (inverted back where negated[j]). */
    public PixelPermutation inverse() {
        int n = source.length;
        int[] inverseSource = new int[n];
        boolean[] inverseNegated = new boolean[n];
        for (int j = 0; j < n; j++) {
            inverseSource[source[j]] = j;
            inverseNegated[source[j]] = negated[j];
        }
        return new PixelPermutation(channels, height, width, inverseSource, inverseNegated, peak);
    }

    /** Transforms every image of an NCHW batch; returns a new array of the same shape and dtype. */
    public INDArray apply(INDArray images) {
        long n = checkShape(images.shape());
        INDArray flat = images.reshape('c', new long[]{n, source.length});
        INDArray out = identityOrder ? flat.dup('c') : gather(flat, sourceIndex);
        if (anyNegated) {
            INDArray[] so = signsAndOffsets(images.dataType());
            out.muliRowVector(so[0]).addiRowVector(so[1]);
        }
        return out.reshape('c', images.shape());
    }

    /** The differentiable form of {@link #apply(INDArray)} on the autograd tape. */
    public Tensor apply(Tensor images) {
        long[] shape = images.shape();
        INDArray out = apply(images.value());
        return Tensor.result("pixelPermutation", out, (g, needs) -> {
            INDArray gf = g.reshape('c', new long[]{shape[0], source.length});
            if (anyNegated) gf = gf.mulRowVector(signsAndOffsets(g.dataType())[0]);
            if (!identityOrder) gf = gather(gf, inverseIndex);
            else if (!anyNegated) gf = gf.dup('c');
            return new INDArray[]{gf.reshape('c', shape)};
        }, images);
    }

    /** A copy of the source indices: out[j] = in[source[j]]. */
    public int[] source() {
        return source.clone();
    }

    /** A copy of the inversion flags of the outputs. */
    public boolean[] negated() {
        return negated.clone();
    }

    public double peak() {
        return peak;
    }

    public long[] imageShape() {
        return new long[]{channels, height, width};
    }

    private long checkShape(long[] shape) {
        if (shape.length != 4 || shape[1] != channels || shape[2] != height || shape[3] != width) {
            throw new IllegalArgumentException("expected an NCHW batch of shape [N, " + channels + ", " + height + ", " + width
                    + "], got " + Arrays.toString(shape));
        }
        return shape[0];
    }

    private INDArray[] signsAndOffsets(DataType dtype) {
        return signsAndOffsets.computeIfAbsent(dtype, dt -> MemoryScope.outside(() -> {
            double[] sign = new double[negated.length];
            double[] offset = new double[negated.length];
            for (int j = 0; j < negated.length; j++) {
                sign[j] = negated[j] ? -1.0 : 1.0;
                offset[j] = negated[j] ? peak : 0.0;
            }
            return new INDArray[]{Nd4j.create(sign, new long[]{1, sign.length}).castTo(dt),
                    Nd4j.create(offset, new long[]{1, offset.length}).castTo(dt)};
        }));
    }

    /** out[:, j] = flat[:, index[j]] (libnd4j gather along axis 1). */
    static INDArray gather(INDArray flat, INDArray index) {
        return NativeOps.exec("gather", new INDArray[]{flat, index}, 1)[0];
    }
}
