package dev.mamori.methods.genattack.attack;

import dev.mamori.methods.encryption.attacks.InverseTranslation;
import dev.mamori.models.translation.TranslationUNet;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The inverse-translation baseline of the encryption experiment ({@link InverseTranslation}: a U-Net trained on
 * (encrypted, plain) pairs with a fresh key per pair) as a {@link ReconstructionAttack}, so that the generative attacks
 * are judged beside it on the same images and keys.
 */
public record UNetInversionAttack(TranslationUNet unet) implements ReconstructionAttack {
    public static final String NAME = "u-net";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public INDArray reconstruct(INDArray encrypted) {
        return Transforms.max(Transforms.min(InverseTranslation.reconstruct(unet, encrypted), 1.0, false), 0.0, false);
    }
}
