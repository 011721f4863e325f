package dev.mamori.generative.training;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.models.diffusion.AutoencoderKL;
import dev.mamori.nn.distributions.DiagonalGaussianDistribution;
import dev.mamori.nn.util.RandomArrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The VAE's view of a dataset, computed once for the diffusion model's training: the posterior moments of every image
 * (so each epoch can draw fresh latents without running the encoder), and the latent scaling factor, 1 / std of
 * posterior samples, so that the diffusion model sees latents of unit variance (Rombach et al. 2022, section 4.3.2 and
 * appendix G: "rescale the latent space ... by the component-wise variance"; Stable Diffusion's 0.18215 was found the
 * same way).
 */
public final class LatentEncoding {
    private LatentEncoding() {}

    /** Posterior moments [N, 2C, h, w] (after quant_conv) of images [N, 3, H, W] in [0, 1], in batches, without a tape. */
    public static INDArray moments(AutoencoderKL vae, INDArray images, int batchSize) {
        boolean wasTraining = vae.isTraining();
        vae.eval();
        List<INDArray> parts = new ArrayList<>();
        try {
            for (long start = 0; start < images.size(0); start += batchSize) {
                long end = Math.min(images.size(0), start + batchSize);
                INDArray x = images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, end)).mul(2).subi(1);
                try (MemoryScope ignored = MemoryScope.open("encode"); GradMode.Scope off = GradMode.noGrad()) {
                    parts.add(MemoryScope.keep(vae.quantConv.call(vae.encoder.call(Tensor.of(x))).value()));
                }
            }
        } finally {
            vae.setTraining(wasTraining);
            MemoryScope.release("encode");
        }
        return Nd4j.concat(0, parts.toArray(INDArray[]::new));
    }

    /** 1 / std of one posterior sample per image (seeded), over every latent element. */
    public static double scalingFactor(INDArray moments, long seed) {
        DiagonalGaussianDistribution q = new DiagonalGaussianDistribution(Tensor.of(moments));
        INDArray noise = RandomArrays.normal(new SplittableRandom(seed), 0, 1, q.mean().shape()).castTo(moments.dataType());
        INDArray z = q.sample(Tensor.of(noise)).value();
        double std = z.stdNumber().doubleValue();
        if (!(std > 0) || !Double.isFinite(std)) throw new IllegalStateException("latents have standard deviation " + std + "; cannot scale them");
        return 1 / std;
    }
}
