package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The sinusoidal embedding of diffusion timesteps (the Transformer's position encoding, Vaswani et al. 2017, section
 * 3.5, as DDPM uses it, Ho et al. 2020, appendix B), in diffusers' conventions (get_timestep_embedding, the
 * {@code Timesteps} module): for timesteps t [N] and half = dim / 2,
 * freq[i] = exp(-ln(max_period) i / (half - downscale_freq_shift)), arg = scale t freq, and the output [N, dim] is
 * [sin(arg), cos(arg)], or [cos(arg), sin(arg)] with flip_sin_to_cos; an odd dim gets one zero column at the end.
 * Computed in float32 like diffusers. The timesteps may be integers or floats; the result has no gradient.
 *
 * <p>Stable Diffusion's UNet uses flip_sin_to_cos = true, downscale_freq_shift = 0
 * ({@code options().flipSinToCos(true).downscaleFreqShift(0)}); the defaults are get_timestep_embedding's.
 */
public class SinusoidalTimestepEmbedding extends Module {
    public final int dim;
    public final boolean flipSinToCos;
    public final double downscaleFreqShift, scale, maxPeriod;

    /** get_timestep_embedding's defaults: sin first, downscale_freq_shift 1, scale 1, max_period 10000. */
    public static final class Options {
        boolean flipSinToCos = false;
        double downscaleFreqShift = 1, scale = 1, maxPeriod = 10000;

        public Options flipSinToCos(boolean on) { this.flipSinToCos = on; return this; }
        public Options downscaleFreqShift(double shift) { this.downscaleFreqShift = shift; return this; }
        public Options scale(double s) { this.scale = s; return this; }
        public Options maxPeriod(double p) { this.maxPeriod = p; return this; }
    }

    public static Options options() {
        return new Options();
    }

    public SinusoidalTimestepEmbedding(int dim, Options o) {
        if (dim < 2) throw new IllegalArgumentException("timestep embedding dim must be >= 2, got " + dim);
        if (dim / 2 - o.downscaleFreqShift <= 0) {
            throw new IllegalArgumentException("timestep embedding: dim / 2 (" + dim / 2 + ") must exceed downscale_freq_shift " + o.downscaleFreqShift);
        }
        this.dim = dim;
        this.flipSinToCos = o.flipSinToCos;
        this.downscaleFreqShift = o.downscaleFreqShift;
        this.scale = o.scale;
        this.maxPeriod = o.maxPeriod;
    }

    /** timesteps [N] (any numeric type) -> embedding [N, dim], float32. */
    @Override
    protected Tensor forward(Tensor timesteps) {
        return Tensor.of(embed(timesteps.value()));
    }

    /** The embedding of timesteps [N] as an array [N, dim] (float32). */
    public INDArray embed(INDArray timesteps) {
        if (timesteps.rank() != 1) throw new IllegalArgumentException("timesteps must be 1-D [N], got rank " + timesteps.rank());
        int half = dim / 2;
        long n = timesteps.length();
        INDArray exponent = Nd4j.arange(0, half).castTo(DataType.FLOAT)
                .muli(-Math.log(maxPeriod)).divi(half - downscaleFreqShift);
        INDArray freq = Transforms.exp(exponent, false);                                       // [half]
        // the outer product t freq as a matrix product with an inner size of 1: each element one exact multiplication
        INDArray arg = timesteps.castTo(DataType.FLOAT).reshape('c', n, 1)
                .mmul(freq.reshape('c', 1, half)).muli(scale);                                 // [N, half]
        INDArray sin = Transforms.sin(arg, true), cos = Transforms.cos(arg, true);
        INDArray emb = flipSinToCos ? Nd4j.hstack(cos, sin) : Nd4j.hstack(sin, cos);           // [N, 2 half]
        return dim % 2 == 0 ? emb : Nd4j.hstack(emb, Nd4j.zeros(DataType.FLOAT, n, 1));
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim + ", flip_sin_to_cos=" + flipSinToCos + ", downscale_freq_shift=" + downscaleFreqShift
                + (scale != 1 ? ", scale=" + scale : "") + (maxPeriod != 10000 ? ", max_period=" + maxPeriod : "");
    }
}
