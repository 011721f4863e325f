package dev.mamori.methods.genattack.attack;

import dev.mamori.methods.encryption.ImageCipher;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.encryption.catalog.SchemeOptions;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The "attack" that does nothing: the encrypted image itself, seen in the plain geometry (LE's and ELE's nibbles merged
 * back into bytes, {@link ImageCipher#viewable}). It needs no key (viewing is the same for every key of a scheme). What
 * a reconstruction scores above it is what the attack adds to what the encrypted image already shows (the scheme's
 * visual security).
 */
public final class EncryptedImageBaseline implements ReconstructionAttack {
    public static final String NAME = "encrypted image";
    private final ImageCipher viewer;

    public EncryptedImageBaseline(Scheme scheme, SchemeOptions options, KeyGeometry geometry) {
        if (!scheme.isCipher()) throw new IllegalArgumentException(scheme + " does not produce images; it has no encrypted-image baseline");
        this.viewer = (ImageCipher) Scheme.encoder(scheme.fromSeed(0, geometry, options));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public INDArray reconstruct(INDArray encrypted) {
        INDArray v = viewer.viewable(encrypted).dup('c');
        return Transforms.max(Transforms.min(v, 1.0, false), 0.0, false);
    }
}
