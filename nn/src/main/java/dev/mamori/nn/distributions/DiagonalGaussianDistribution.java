package dev.mamori.nn.distributions;

import dev.mamori.autograd.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;

import java.util.Arrays;

/**
 * The posterior q(z | x) = N(mean, diag(exp(logvar))) of a variational autoencoder (Kingma & Welling 2014,
 * arXiv 1312.6114, section 2.4 and appendix B), as latent diffusion's KL autoencoder parametrizes it (CompVis ldm
 * distributions.py, diffusers.models.autoencoders.vae.DiagonalGaussianDistribution): the encoder's moments
 * [B, 2C, ...] split along the channels into mean [B, C, ...] and logvar, logvar clamped to [-30, 20] (clamped entries
 * get no gradient), std = exp(logvar / 2). Samples use the reparametrization z = mean + std * noise, so gradients reach
 * the encoder. Every quantity is a tensor on the tape.
 */
public final class DiagonalGaussianDistribution {
    public static final double LOGVAR_MIN = -30, LOGVAR_MAX = 20;
    private final Tensor mean, logvar, std, variance;

    /** From the encoder's moments [B, 2C, ...] (mean first, then logvar, along dim 1). */
    public DiagonalGaussianDistribution(Tensor moments) {
        if (moments.dim() < 2 || moments.size(1) % 2 != 0) {
            throw new IllegalArgumentException("moments must be [B, 2C, ...] with an even channel count, got " + Arrays.toString(moments.shape()));
        }
        long c = moments.size(1) / 2;
        this.mean = moments.slice(1, 0, c);                                           // [B, C, ...]
        this.logvar = moments.slice(1, c, 2 * c).clamp(LOGVAR_MIN, LOGVAR_MAX);       // [B, C, ...]
        this.std = logvar.mul(0.5).exp();
        this.variance = logvar.exp();
    }

    public Tensor mean() {
        return mean;
    }

    /** The clamped log-variance. */
    public Tensor logvar() {
        return logvar;
    }

    public Tensor std() {
        return std;
    }

    public Tensor variance() {
        return variance;
    }

    /** The most likely latent: the mean. */
    public Tensor mode() {
        return mean;
    }

    /** mean + std * noise for a given standard-normal noise of the mean's shape (reparametrization). */
    public Tensor sample(Tensor noise) {
        if (!Arrays.equals(noise.shape(), mean.shape())) {
            throw new IllegalArgumentException("noise " + Arrays.toString(noise.shape()) + " must have the mean's shape " + Arrays.toString(mean.shape()));
        }
        return mean.add(std.mul(noise));
    }

    /** A sample with fresh standard-normal noise from {@code rng}. */
    public Tensor sample(Random rng) {
        INDArray noise = rng.nextGaussian(mean.shape()).castTo(mean.dataType());
        return sample(Tensor.of(noise));
    }

    /** KL(q || N(0, I)) per sample: 0.5 * sum over every non-batch dim of (mean^2 + var - 1 - logvar), [B]. */
    public Tensor kl() {
        int[] dims = new int[mean.dim() - 1];
        for (int i = 0; i < dims.length; i++) dims[i] = i + 1;
        return mean.square().add(variance).sub(1.0).sub(logvar).sum(false, dims).mul(0.5);
    }

    /** The KL term of the autoencoder's loss: sum of {@link #kl()} over the batch divided by B (ldm's LPIPSWithDiscriminator). */
    public Tensor klLoss() {
        return kl().sum().div(mean.size(0));
    }
}
