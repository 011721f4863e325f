package dev.mamori.autograd.ops;

import dev.mamori.autograd.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/** Max, average and adaptive average pooling over NCHW inputs, in PyTorch's conventions. */
public final class Pooling {
    private Pooling() {}

    /** Max pooling; padded positions never win (they count as -inf, as in PyTorch). */
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) {
        INDArray xv = x.value();
        long[] a = {kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], 1, 1, 0, 0, 0};
        INDArray out = NativeOps.exec("maxpool2d", new INDArray[]{xv}, a)[0];
        return Tensor.result("max_pool2d", out, (g, needs) ->
                NativeOps.exec("maxpool2d_bp", new INDArray[]{xv, g}, a), x);
    }

    /** Average pooling; with {@code countIncludePad} (PyTorch's default) padded zeros count in the divisor. */
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        INDArray xv = x.value();
        // libnd4j extraParam0: 0 = exclude padding from the divisor, 1 = include it
        long[] a = {kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], 1, 1, 0, countIncludePad ? 1 : 0, 0};
        INDArray out = NativeOps.exec("avgpool2d", new INDArray[]{xv}, a)[0];
        return Tensor.result("avg_pool2d", out, (g, needs) ->
                NativeOps.exec("avgpool2d_bp", new INDArray[]{xv, g}, a), x);
    }

    /** Adaptive average pooling to (outH, outW), with PyTorch's bins floor(i*H/o) .. ceil((i+1)*H/o). */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        long h = x.size(2), w = x.size(3);
        if (outH == 1 && outW == 1) return x.mean(true, 2, 3);
        if (h % outH == 0 && w % outW == 0) {
            int kh = (int) (h / outH), kw = (int) (w / outW);
            return avgPool2d(x, new int[]{kh, kw}, new int[]{kh, kw}, new int[]{0, 0}, true);
        }
        List<Tensor> rows = new ArrayList<>();
        for (int i = 0; i < outH; i++) {
            long h0 = Math.floorDiv(i * h, outH), h1 = -Math.floorDiv(-(i + 1) * h, outH);
            List<Tensor> cols = new ArrayList<>();
            for (int j = 0; j < outW; j++) {
                long w0 = Math.floorDiv(j * w, outW), w1 = -Math.floorDiv(-(j + 1) * w, outW);
                cols.add(x.slice(2, h0, h1).slice(3, w0, w1).mean(true, 2, 3));
            }
            rows.add(Shapes.concat(cols, 3));
        }
        return Shapes.concat(rows, 2);
    }
}
