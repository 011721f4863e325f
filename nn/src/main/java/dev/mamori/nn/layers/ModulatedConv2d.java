package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Convolutions;
import dev.mamori.autograd.ops.LinearAlgebra;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;

/**
 * StyleGAN2's modulated convolution (Karras et al. 2020, "Analyzing and Improving the Image Quality of StyleGAN",
 * arXiv 1912.04958, section 2.2, eqs. 1-3): a latent w [B, w_dim] is mapped by {@code affine} to per-sample styles
 * s [B, in]; the weight is scaled per input channel, w'[b,o,i] = s[b,i] w[o,i] (modulation, eq. 1), then optionally
 * per output channel by d[b,o] = 1 / sqrt(sum over i, kh, kw of w'^2 + 1e-8) (demodulation, eqs. 2-3), and the
 * input is convolved with stride 1 and padding kernel / 2. Without demodulation it is StyleGAN2's ToRGB layer.
 *
 * <p>Parameter names are stylegan2-ada-pytorch's ({@code affine.weight}, {@code affine.bias}, {@code weight}
 * [out, in, k, k]). There is no equalized learning rate: the arrays are used as stored, and the initialization gives
 * the distribution StyleGAN2's runtime scaling would (weights N(0, 1 / fan_in), style bias 1, so styles start near 1).
 *
 * <p>The per-sample weights are never built: convolving x with s[b,i] w[o,i] d[b,o] equals scaling x's channels by s,
 * convolving with the shared w, and scaling the output channels by d (stylegan2-ada's fused_modconv=False path). So
 * the whole batch is one dense convolution, and d comes from one matrix product, d^-2 = s^2 (sum_k w^2)^T + 1e-8.
 */
public class ModulatedConv2d extends Module {
    private static final double DEMODULATION_EPS = 1e-8;
    public final int inChannels, outChannels, kernel, wDim;
    public final boolean demodulate;
    public final Linear affine;
    public final Tensor weight;
    private final int[] padding;

    public ModulatedConv2d(int in, int out, int kernel, int wDim, boolean demodulate) {
        if (in < 1 || out < 1 || kernel < 1 || wDim < 1) {
            throw new IllegalArgumentException("ModulatedConv2d: sizes must be positive, got in " + in + ", out " + out
                    + ", kernel " + kernel + ", w_dim " + wDim);
        }
        this.inChannels = in;
        this.outChannels = out;
        this.kernel = kernel;
        this.wDim = wDim;
        this.demodulate = demodulate;
        this.padding = new int[]{kernel / 2, kernel / 2};
        this.affine = register("affine", new Linear(wDim, in));
        affine.weight.value().assign(Init.normal(0, 1 / Math.sqrt(wDim), in, wDim));
        affine.bias.value().assign(1.0);
        this.weight = registerParameter("weight", Init.normal(0, 1 / Math.sqrt((double) in * kernel * kernel), out, in, kernel, kernel));
    }

    /** The modulated convolution of x [B, in, H, W] with the styles of latent w [B, w_dim] (forward hooks applied). */
    public Tensor call(Tensor x, Tensor w) {
        long b = x.size(0);
        if (w.size(0) != b) throw new IllegalArgumentException("ModulatedConv2d: " + b + " images but " + w.size(0) + " latents");
        Tensor s = styles(w);                                                     // [B, in]
        Tensor modulated = x.mul(s.reshape(b, inChannels, 1, 1));                 // [B, in, H, W]
        Tensor y = Convolutions.conv2d(modulated, weight, null, new int[]{1, 1}, padding, new int[]{1, 1}, 1); // [B, out, H, W]
        if (demodulate) y = y.mul(demodulationCoefficients(s).reshape(b, outChannels, 1, 1));
        return hooked(y);
    }

    /** s = affine(w): [B, w_dim] -> [B, in]. */
    public Tensor styles(Tensor w) {
        return affine.call(w);
    }

    /** d[b, o] = 1 / sqrt(sum_i s[b,i]^2 sum_{kh,kw} weight[o,i,kh,kw]^2 + 1e-8): styles [B, in] -> [B, out]. */
    public Tensor demodulationCoefficients(Tensor styles) {
        Tensor weightEnergy = weight.square().sum(false, 2, 3);                  // [out, in]
        return LinearAlgebra.matmulTransposedB(styles.square(), weightEnergy)    // [B, out]
                .add(DEMODULATION_EPS).pow(-0.5);
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel=" + kernel + ", w_dim=" + wDim + ", demodulate=" + demodulate;
    }
}
