package dev.mamori.methods.genattack.attack;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An attack that turns encrypted images back into estimates of the plain ones, judged by {@link SchemeComparison}:
 * the StyleGAN encoder attack ({@link StyleGanEncoderAttack}), the inverse-translation U-Net baseline
 * ({@link UNetInversionAttack}), the encrypted image itself ({@link EncryptedImageBaseline}, the number every attack has
 * to beat) and, outside this package, the latent-diffusion attack.
 */
public interface ReconstructionAttack {

    /** The attack's name as reports show it (short, stable: "encrypted image", "u-net", "stylegan encoder"). */
    String name();

    /**
     * Reconstructions [N, C, H, W] in [0, 1] of encrypted images as the scheme's encoder produced them ([N, C', H', W'];
     * C' = 2C for LE and ELE), one per input image, in the plain images' geometry.
     */
    INDArray reconstruct(INDArray encrypted);
}
