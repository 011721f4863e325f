package dev.mamori.models.gan;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Activations;
import dev.mamori.nn.layers.ModulatedConv2d;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * StyleGAN2's synthesis layer (Karras et al. 2020, arXiv 1912.04958, figure 2c; stylegan2-ada's SynthesisLayer): a
 * demodulated {@link ModulatedConv2d}, then per-pixel noise scaled by a learned scalar {@code noise_strength} (init 0),
 * a bias per output channel (init 0) and leaky ReLU 0.2 (without stylegan2-ada's gain sqrt 2, as the benchmark suite's
 * StyleGAN2-lite). Parameters 128i + i + o i k^2 + o + 1 for w_dim 128.
 */
public final class SynthesisLayer extends ModulatedConv2d {
    static final double LEAKY_SLOPE = 0.2;
    public final Tensor noiseStrength, bias;

    public SynthesisLayer(int in, int out, int kernel, int wDim) {
        super(in, out, kernel, wDim, true);
        this.noiseStrength = registerParameter("noise_strength", Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1));
        this.bias = registerParameter("bias", Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, out));
    }

    /** x [B, in, H, W], w [B, w_dim] -> [B, out, H, W]. */
    public Tensor call(Tensor x, Tensor w, NoiseInput noise) {
        Tensor y = super.call(x, w);                                                   // [B, out, H, W]
        INDArray n = noise.draw(x.size(0), 1, x.size(2), x.size(3));
        if (n != null) y = y.add(Tensor.of(n.castTo(y.dataType())).mul(noiseStrength)); // [B, 1, H, W] broadcast
        y = y.add(bias.reshape(1, outChannels, 1, 1));
        return Activations.leakyRelu(y, LEAKY_SLOPE);
    }
}
