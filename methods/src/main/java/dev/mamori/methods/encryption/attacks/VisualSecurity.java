package dev.mamori.methods.encryption.attacks;

import dev.mamori.eval.metrics.BootstrapInterval;
import dev.mamori.eval.metrics.Estimate;
import dev.mamori.eval.metrics.Psnr;
import dev.mamori.eval.metrics.Ssim;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How much of a plain image an image still shows: PSNR (dB) and SSIM between plain images and another version of them
 * (their encryptions, or reconstructions from the encryptions), per image, averaged with a seeded 95% bootstrap
 * interval. Low values are what an encryption wants for its encrypted images, and what an attack wants to raise.
 */
public final class VisualSecurity {
    private VisualSecurity() {}

    /** Mean PSNR and SSIM over the images, with intervals; {@code other} has the plain images' shape. */
    public record Similarity(Estimate psnr, Estimate ssim, int images) {}

    public static Similarity between(INDArray plain, INDArray other, long seed) {
        double[] psnr = Psnr.perImage(plain, other);
        for (int i = 0; i < psnr.length; i++) if (Double.isInfinite(psnr[i])) psnr[i] = 100; // identical images: cap at 100 dB
        double[] ssim = Ssim.standard().perImage(plain, other);
        return new Similarity(BootstrapInterval.ofMean(psnr, seed), BootstrapInterval.ofMean(ssim, seed + 1), psnr.length);
    }
}
