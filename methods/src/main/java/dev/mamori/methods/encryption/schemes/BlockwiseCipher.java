package dev.mamori.methods.encryption.schemes;

import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.crypto.blockwise.BlockTransform;
import dev.mamori.methods.encryption.ImageCipher;
import dev.mamori.methods.encryption.KeyGeometry;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * The key-based defense's block-wise transforms (shuffle, negative/positive, FFX; {@link BlockTransform}) as an
 * encryption scheme with decryption: the same machinery, the same keys, the same outputs. Decryption is exact on 8-bit
 * images (FFX quantises the masked values itself; the others are rounded to the 8-bit grid).
 */
public final class BlockwiseCipher implements ImageCipher {
    private final BlockwiseKey key;
    private final BlockTransform transform;

    public BlockwiseCipher(BlockwiseKey key) {
        this.key = key;
        this.transform = BlockTransform.forKey(key.secretKey());
    }

    @Override
    public INDArray encrypt(INDArray images) {
        checkShape(images.shape());
        return transform.apply(images);
    }

    /** The inverse transform, rounded to the 8-bit grid ({@link EightBit}): exact on 8-bit images. */
    @Override
    public INDArray decrypt(INDArray encrypted) {
        checkShape(encrypted.shape());
        return EightBit.quantize(transform.inverse(encrypted), 1.0);
    }

    @Override
    public long[] encodedShape() {
        KeyGeometry g = key.geometry();
        return new long[]{g.channels(), g.height(), g.width()};
    }

    @Override
    public BlockwiseKey key() {
        return key;
    }

    /** FFX maps 8-bit values to c / max with max up to 999: not bytes. */
    @Override
    public boolean preservesEightBit() {
        return key.kind() != TransformKind.FFX;
    }

    /** The transform itself (for a keyed classifier). */
    public BlockTransform transform() {
        return transform;
    }

    private void checkShape(long[] shape) {
        KeyGeometry g = key.geometry();
        if (shape.length != 4 || shape[1] != g.channels() || shape[2] != g.height() || shape[3] != g.width()) {
            throw new IllegalArgumentException("expected an NCHW batch of shape [N, " + g.channels() + ", " + g.height() + ", " + g.width()
                    + "], got " + Arrays.toString(shape));
        }
    }

    @Override
    public String toString() {
        return "BlockwiseCipher{" + key + "}";
    }
}
