package dev.mamori.methods.encryption.schemes;

import dev.mamori.methods.encryption.ImageCipher;
import dev.mamori.methods.encryption.KeyGeometry;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Grayscale-based EtC (Chuman, Sirichotedumrong and Kiya, docs/METHODS.md item 7): the colour planes of a C x H x W
 * image are stacked into one gray image, which EtC then scrambles block by block (block permutation, rotation, flip,
 * negative/positive; no colour step). Smaller blocks and C times more of them than colour EtC, and blocks move between
 * planes, so colour is not kept per block. We stack the planes vertically (C*H x W, our choice; the papers' layout
 * only changes which blocks neighbour), which makes the gray image the same memory as the colour image: encryption
 * is a reshape, {@link EtcEncryption} on the gray image, and a reshape back to C x H x W. Exact and invertible.
 */
public final class GrayscaleEtc implements ImageCipher {
    private final GrayscaleEtcKey key;
    private final EtcEncryption gray;

    public GrayscaleEtc(GrayscaleEtcKey key) {
        this.key = key;
        this.gray = new EtcEncryption(key.grayKey());
    }

    public static GrayscaleEtc fromSeed(long seed, KeyGeometry geometry) {
        return new GrayscaleEtc(GrayscaleEtcKey.fromSeed(seed, geometry));
    }

    @Override
    public INDArray encrypt(INDArray images) {
        long[] shape = checkShape(images.shape());
        return gray.encrypt(images.dup('c').reshape('c', shape[0], 1, (long) key.geometry().channels() * shape[2], shape[3])).reshape('c', shape);
    }

    /** Exact on 8-bit images (rounded to the 8-bit grid, {@link EightBit}). */
    @Override
    public INDArray decrypt(INDArray encrypted) {
        long[] shape = checkShape(encrypted.shape());
        return gray.decrypt(encrypted.dup('c').reshape('c', shape[0], 1, (long) key.geometry().channels() * shape[2], shape[3])).reshape('c', shape);
    }

    /** The encrypted image as the stacked gray image [N, 1, C*H, W]. */
    public INDArray asGrayImage(INDArray encrypted) {
        long[] shape = checkShape(encrypted.shape());
        return encrypted.dup('c').reshape('c', shape[0], 1, (long) key.geometry().channels() * shape[2], shape[3]);
    }

    @Override
    public long[] encodedShape() {
        KeyGeometry g = key.geometry();
        return new long[]{g.channels(), g.height(), g.width()};
    }

    @Override
    public GrayscaleEtcKey key() {
        return key;
    }

    @Override
    public boolean preservesEightBit() {
        return true;
    }

    private long[] checkShape(long[] shape) {
        KeyGeometry g = key.geometry();
        if (shape.length != 4 || shape[1] != g.channels() || shape[2] != g.height() || shape[3] != g.width()) {
            throw new IllegalArgumentException("expected an NCHW batch of shape [N, " + g.channels() + ", " + g.height() + ", " + g.width()
                    + "], got " + Arrays.toString(shape));
        }
        return shape;
    }

    @Override
    public String toString() {
        return "GrayscaleEtc{" + key + "}";
    }
}
