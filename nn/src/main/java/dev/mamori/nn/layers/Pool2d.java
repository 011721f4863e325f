package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Pooling;
import dev.mamori.nn.Module;

/** Max, average and adaptive average pooling modules (PyTorch MaxPool2d, AvgPool2d, AdaptiveAvgPool2d). */
public class Pool2d extends Module {
    private enum Kind { MAX, AVG, ADAPTIVE_AVG }

    private final Kind kind;
    private final int kernel, stride, padding;

    private Pool2d(Kind kind, int kernel, int stride, int padding) {
        this.kind = kind;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    public static Pool2d max(int kernel, int stride, int padding) {
        return new Pool2d(Kind.MAX, kernel, stride, padding);
    }

    /** Average pooling with count_include_pad=True (PyTorch's default). */
    public static Pool2d avg(int kernel, int stride, int padding) {
        return new Pool2d(Kind.AVG, kernel, stride, padding);
    }

    /** Adaptive average pooling to a square output (1 = global average pooling). */
    public static Pool2d adaptiveAvg(int outputSize) {
        return new Pool2d(Kind.ADAPTIVE_AVG, outputSize, 0, 0);
    }

    @Override
    protected Tensor forward(Tensor x) {
        return switch (kind) {
            case MAX -> Pooling.maxPool2d(x, new int[]{kernel, kernel}, new int[]{stride, stride}, new int[]{padding, padding});
            case AVG -> Pooling.avgPool2d(x, new int[]{kernel, kernel}, new int[]{stride, stride}, new int[]{padding, padding}, true);
            case ADAPTIVE_AVG -> Pooling.adaptiveAvgPool2d(x, kernel, kernel);
        };
    }

    @Override
    public String describe() {
        return switch (kind) {
            case MAX -> "MaxPool2d(" + kernel + ", stride=" + stride + ", padding=" + padding + ")";
            case AVG -> "AvgPool2d(" + kernel + ", stride=" + stride + ", padding=" + padding + ")";
            case ADAPTIVE_AVG -> "AdaptiveAvgPool2d(" + kernel + ")";
        };
    }
}
