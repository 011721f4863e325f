package dev.mamori.models.gan;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Resampling;
import dev.mamori.nn.Module;

/**
 * One resolution level of the skip-architecture synthesis network (arXiv 1912.04958, figure 7b): features upsampled
 * nearest 2x (except the 4x4 block), two {@link SynthesisLayer}s, and a {@link ToRgbLayer} whose output is added to the
 * upsampled image of the level below.
 */
public final class SynthesisBlock extends Module {
    public final int inChannels, outChannels, resolution;
    public final SynthesisLayer conv0, conv1;
    public final ToRgbLayer torgb;

    public SynthesisBlock(int in, int out, int resolution, int imageChannels, int wDim) {
        this.inChannels = in;
        this.outChannels = out;
        this.resolution = resolution;
        this.conv0 = register("conv0", new SynthesisLayer(in, out, 3, wDim));
        this.conv1 = register("conv1", new SynthesisLayer(out, out, 3, wDim));
        this.torgb = register("torgb", new ToRgbLayer(out, imageChannels, wDim));
    }

    /** The block's result: features [B, out, r, r] and image [B, C, r, r]. */
    public record Output(Tensor features, Tensor image) {
    }

    /**
     * x [B, in, r/2, r/2] (or [B, in, 4, 4] for the first block), img [B, C, r/2, r/2] or null, with the styles of its
     * two convolutions and its ToRGB, each [B, w_dim].
     */
    public Output call(Tensor x, Tensor img, Tensor w0, Tensor w1, Tensor wRgb, NoiseInput noise) {
        if (x.size(2) != resolution) x = Resampling.upsampleNearest(x, 2);            // [B, in, r, r]
        x = conv0.call(x, w0, noise);                                                  // [B, out, r, r]
        x = conv1.call(x, w1, noise);                                                  // [B, out, r, r]
        Tensor y = torgb.call(x, wRgb);                                                // [B, C, r, r]
        if (img != null) y = Resampling.upsampleNearest(img, 2).add(y);
        return new Output(x, y);
    }
}
