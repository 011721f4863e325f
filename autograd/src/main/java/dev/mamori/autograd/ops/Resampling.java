package dev.mamori.autograd.ops;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.kernels.CpuKernels;
import dev.mamori.autograd.kernels.GridSampleKernel;
import dev.mamori.autograd.kernels.UpsampleKernel;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/** Nearest-neighbour upsampling (PyTorch Upsample(mode="nearest") with an integer scale) and bilinear grid sampling. */
public final class Resampling {
    private Resampling() {}

    /** What grid sampling reads outside the image (PyTorch's padding_mode). */
    public enum GridPadding {
        /** Taps outside the image read 0. */
        ZEROS,
        /** Coordinates are clipped to the image, so the edge pixels extend outwards. */
        BORDER
    }

    /**
     * Each pixel repeated scale x scale times: on float32 CPU arrays {@link UpsampleKernel} (switch {@code upsample}),
     * otherwise, and as the reference, a reshape and a broadcast, so the gradient is a sum.
     */
    public static Tensor upsampleNearest(Tensor x, int scale) {
        if (x.dim() == 4 && CpuKernels.applicable("upsample", x.value())) {
            INDArray xc = CpuKernels.contiguous(x.value());
            return Tensor.result("upsample_nearest", UpsampleKernel.forward(xc, scale),
                    (g, needs) -> new INDArray[]{UpsampleKernel.backward(CpuKernels.contiguous(g), scale)}, x);
        }
        long[] s = x.shape();
        long n = s[0], c = s[1], h = s[2], w = s[3];
        return x.reshape(n, c, h, 1, w, 1)
                .expand(n, c, h, scale, w, scale)
                .reshape(n, c, h * scale, w * scale);
    }

    /**
     * torch.nn.functional.grid_sample(input, grid, mode="bilinear", padding_mode, align_corners): input [N, C, H, W]
     * sampled at grid [N, H_out, W_out, 2] of (x, y) points in [-1, 1] (x indexes the width; (-1, -1) is the top-left
     * corner: the centre of the top-left pixel with align_corners, its outer corner without), giving
     * [N, C, H_out, W_out]. Differentiable with respect to the image and the grid (warping-based triggers such as
     * WaNet, spatial transformers). See {@link GridSampleKernel} for the conventions.
     */
    public static Tensor gridSample(Tensor input, Tensor grid, GridPadding padding, boolean alignCorners) {
        long[] s = input.shape(), gs = grid.shape();
        if (s.length != 4 || gs.length != 4 || gs[3] != 2 || gs[0] != s[0]) {
            throw new IllegalArgumentException("grid_sample expects input [N, C, H, W] and grid [N, H_out, W_out, 2], got "
                    + Arrays.toString(s) + " and " + Arrays.toString(gs));
        }
        if (input.dataType() != grid.dataType()) {
            throw new IllegalArgumentException("grid_sample: input is " + input.dataType() + " but grid is " + grid.dataType());
        }
        boolean border = padding == GridPadding.BORDER;
        INDArray x = input.value(), g = grid.value();
        INDArray out = GridSampleKernel.forward(x, g, border, alignCorners);  // [N, C, H_out, W_out]
        return Tensor.result("grid_sample", out, (up, needs) ->
                GridSampleKernel.backward(x, g, up, border, alignCorners, needs[0], needs[1]), input, grid);
    }
}
