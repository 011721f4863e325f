package dev.mamori.methods.genattack.attack;

import dev.mamori.models.gan.Generator;
import dev.mamori.models.gan.PspEncoder;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The StyleGAN generative attack as a {@link ReconstructionAttack}: a trained {@link PspEncoder} maps an encrypted image
 * to W+ styles and the frozen generator draws them ({@link GenerativeAttack#reconstruct}).
 */
public record StyleGanEncoderAttack(PspEncoder encoder, Generator generator) implements ReconstructionAttack {
    public static final String NAME = "stylegan encoder";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public INDArray reconstruct(INDArray encrypted) {
        return GenerativeAttack.reconstruct(encoder, generator, encrypted);
    }
}
