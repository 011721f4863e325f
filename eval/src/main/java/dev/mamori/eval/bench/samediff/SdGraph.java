package dev.mamori.eval.bench.samediff;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layers for one SameDiff graph, written with the idioms docs/SAMEDIFF.md measured fastest on ND4J 1.0.0-M2.1:
 * NHWC activations, linear layers as {@code x.mmul(W).add(b)} on 2-D token matrices, normalizations built from
 * primitives (the built-in batchNorm cannot be trained on M2.1) with every large multiply between same-shape arrays,
 * and exact GELU from erf. One idiom is measured here rather than in SAMEDIFF.md: per-channel means and broadcasts
 * as matrix products with a ones vector. In a profile of the ConvMixer training step (batch 128) the strided
 * reduce_mean over N, H, W and the backward of square() (_powderivative) cost about 0.35 and 0.45 s a step; as
 * matrix products they disappeared from the top of the profile and the op time fell from ~3.1 to ~0.6 s (one run
 * each on a busy machine). SameDiff does not infer shapes while a graph is built, so callers pass them.
 *
 * <p>Parameters come from {@link SdWeights} by name, so a training graph and an inference graph built by the same
 * architecture code share their arrays.
 */
final class SdGraph {
    enum Mode { TRAINING, INFERENCE }

    /** A batch norm's batch statistics in the training graph: outputs to fetch after each step for the running ones. */
    record BatchStats(String name, SDVariable mean, SDVariable variance, long count) {}

    private static final double BATCH_NORM_EPS = 1e-5;
    private static final double INV_SQRT2 = 1 / Math.sqrt(2);

    final SameDiff sd;
    final Mode mode;
    private final SdWeights weights;
    private final Map<String, SDVariable> constants = new HashMap<>();
    private final Map<String, BatchStats> batchStats = new LinkedHashMap<>();

    SdGraph(SameDiff sd, Mode mode, SdWeights weights) {
        this.sd = sd;
        this.mode = mode;
        this.weights = weights;
    }

    /** A trainable variable over the shared parameter array {@code name}. */
    SDVariable parameter(String name, SdWeights.Init init, long... shape) {
        return sd.var(name, weights.parameter(name, shape, init));
    }

    /** Convolution of an NHWC input with weights [k, k, in, out] (explicit zero padding {@code pad}, like PyTorch). */
    SDVariable conv2d(String name, SDVariable x, long in, long out, int k, int stride, int pad, boolean bias) {
        SDVariable w = parameter(name + ".weight", SdWeights.Init.uniformFanIn(in * k * k), k, k, in, out);
        Conv2DConfig config = Conv2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride).pH(pad).pW(pad).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).dataFormat("NHWC").build();
        if (!bias) return sd.cnn().conv2d(x, w, config);
        SDVariable b = parameter(name + ".bias", SdWeights.Init.uniformFanIn(in * k * k), out);
        return sd.cnn().conv2d(x, w, b, config);
    }

    /** Depthwise convolution (one k x k filter per channel, with bias), 'same' padding, NHWC. */
    SDVariable depthwiseConv2dSame(String name, SDVariable x, long channels, int k) {
        SDVariable w = parameter(name + ".weight", SdWeights.Init.uniformFanIn((long) k * k), k, k, channels, 1);
        SDVariable b = parameter(name + ".bias", SdWeights.Init.uniformFanIn((long) k * k), channels);
        Conv2DConfig config = Conv2DConfig.builder().kH(k).kW(k).sH(1).sW(1).dH(1).dW(1)
                .paddingMode(PaddingMode.SAME).dataFormat("NHWC").build();
        return sd.cnn().depthWiseConv2d(x, w, b, config);
    }

    /** A linear layer on a 2-D [rows, in] matrix: x W + b with W [in, out]. */
    SDVariable linear(String name, SDVariable x, long in, long out) {
        SDVariable w = parameter(name + ".weight", SdWeights.Init.uniformFanIn(in), in, out);
        SDVariable b = parameter(name + ".bias", SdWeights.Init.uniformFanIn(in), out);
        return x.mmul(w).add(b);
    }

    /** Exact GELU, 0.5 x (1 + erf(x / sqrt 2)) (SameDiff's gelu is the sigmoid approximation). */
    SDVariable geluExact(SDVariable x) {
        return x.mul(sd.math().erf(x.mul(INV_SQRT2)).add(1).mul(0.5));
    }

    SDVariable relu(SDVariable x) {
        return sd.nn().relu(x, 0);
    }

    /**
     * Batch norm over N, H, W of an NHWC activation of the given shape, with weight and bias. Training: batch
     * statistics (biased variance for normalizing), recorded for the running statistics. Inference: the running
     * statistics as constants, folded into one per-channel scale and shift.
     *
     * <p>Works on the [N*H*W, C] view of the activation and does every per-channel reduction and broadcast as a
     * matrix product with a ones vector (see {@link #columnMeans} and {@link #repeatRows}): reducing over the leading
     * axes of an NHWC array is strided, and was among the slowest ops in the profile.
     */
    SDVariable batchNorm(String name, SDVariable x, long... shape) {
        long channels = shape[3], rows = shape[0] * shape[1] * shape[2];
        SDVariable gamma = parameter(name + ".weight", SdWeights.Init.constant(1), 1, channels);
        SDVariable beta = parameter(name + ".bias", SdWeights.Init.constant(0), 1, channels);
        SdWeights.RunningStats running = weights.runningStats(name, channels);
        SDVariable x2 = x.reshape(rows, channels);
        SDVariable y;
        if (mode == Mode.INFERENCE) {
            SDVariable scale = gamma.mul(sd.math().rsqrt(sd.constant(running.variance()).add(BATCH_NORM_EPS)));
            SDVariable shift = beta.sub(sd.constant(running.mean()).mul(scale));
            y = x2.mul(repeatRows(scale, rows)).add(repeatRows(shift, rows));
        } else {
            SDVariable mean = columnMeans(x2, rows);
            SDVariable centred = x2.sub(repeatRows(mean, rows));
            SDVariable variance = columnMeans(centred.mul(centred), rows);
            SDVariable scale = gamma.mul(sd.math().rsqrt(variance.add(BATCH_NORM_EPS)));
            batchStats.put(name, new BatchStats(name, mean, variance, rows));
            y = centred.mul(repeatRows(scale, rows)).add(repeatRows(beta, rows));
        }
        return y.reshape(shape);
    }

    /** Layer norm over the last dimension of a 2-D [rows, dim] matrix, with weight and bias. */
    SDVariable layerNorm(String name, SDVariable x, long rows, long dim, double eps) {
        SDVariable gamma = parameter(name + ".weight", SdWeights.Init.constant(1), 1, dim);
        SDVariable beta = parameter(name + ".bias", SdWeights.Init.constant(0), 1, dim);
        SDVariable centred = x.sub(repeatColumns(x.mean(true, 1), dim));
        SDVariable inverseStd = sd.math().rsqrt(centred.mul(centred).mean(true, 1).add(eps));
        SDVariable normalized = centred.mul(repeatColumns(inverseStd, dim));
        return normalized.mul(repeatRows(gamma, rows)).add(repeatRows(beta, rows));
    }

    /** Column means [1, C] of a [rows, C] matrix, as (1/rows) * ones[1, rows] x. */
    SDVariable columnMeans(SDVariable x, long rows) {
        SDVariable weights = constants.computeIfAbsent("mean-row " + rows,
                k -> sd.constant(Nd4j.valueArrayOf(new long[]{1, rows}, 1.0f / rows)));
        return weights.mmul(x);
    }

    /**
     * A [1, C] row repeated to [rows, C], as the outer product ones[rows, 1] x row. Its gradient is again a matrix
     * product, and the large multiply or add it feeds is between same-shape arrays (the backward of a broadcasting
     * multiply, multiply_bp, was the slowest op in SAMEDIFF.md's profiles).
     */
    SDVariable repeatRows(SDVariable row, long rows) {
        SDVariable ones = constants.computeIfAbsent("ones-column " + rows, k -> sd.constant(Nd4j.ones(DataType.FLOAT, rows, 1)));
        return ones.mmul(row);
    }

    /** A [rows, 1] column repeated to [rows, columns], as the outer product column x ones[1, columns]. */
    SDVariable repeatColumns(SDVariable column, long columns) {
        SDVariable ones = constants.computeIfAbsent("ones-row " + columns, k -> sd.constant(Nd4j.ones(DataType.FLOAT, 1, columns)));
        return column.mmul(ones);
    }

    /**
     * {@code small} broadcast to {@code shape} by adding it to a zero constant, for broadcasts {@link #repeatRows}
     * and {@link #repeatColumns} do not cover: a same-shape multiply has a cheap backward.
     */
    SDVariable broadcast(SDVariable small, long... shape) {
        return constants.computeIfAbsent("zeros " + Arrays.toString(shape), k -> sd.constant(Nd4j.zeros(DataType.FLOAT, shape))).add(small);
    }

    /** The batch norms' batch statistics (training graph only), in graph order. */
    List<BatchStats> batchStats() {
        return List.copyOf(batchStats.values());
    }
}
