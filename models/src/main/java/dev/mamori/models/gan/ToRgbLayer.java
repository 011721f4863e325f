package dev.mamori.models.gan;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.layers.ModulatedConv2d;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * StyleGAN2's ToRGB layer (arXiv 1912.04958, figure 7, skip generator): a 1x1 modulated convolution without
 * demodulation, noise or activation, plus a bias. stylegan2-ada scales the styles by 1/sqrt(in) because its weights are
 * stored N(0, 1); {@link ModulatedConv2d} already initializes them N(0, 1/fan_in), which is the same product, so no
 * second factor is applied. Parameters 128i + i + 3i + 3 for w_dim 128 and RGB.
 */
public final class ToRgbLayer extends ModulatedConv2d {
    public final Tensor bias;

    public ToRgbLayer(int in, int imageChannels, int wDim) {
        super(in, imageChannels, 1, wDim, false);
        this.bias = registerParameter("bias", Nd4j.zeros(DataType.FLOAT, imageChannels));
    }

    /** x [B, in, H, W], w [B, w_dim] -> [B, C, H, W]. */
    @Override
    public Tensor call(Tensor x, Tensor w) {
        return super.call(x, w).add(bias.reshape(1, outChannels, 1, 1));
    }
}
