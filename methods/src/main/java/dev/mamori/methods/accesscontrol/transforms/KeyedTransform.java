package dev.mamori.methods.accesscontrol.transforms;

import dev.mamori.autograd.Tensor;
import dev.mamori.methods.crypto.SecretKey;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A secret keyed transform of an NCHW tensor, placed in a detector either on the input images or on the feature map
 * after a backbone stage (docs/METHODS.md item 6). It runs on the autograd tape, so the detector trains through it.
 * Like its key, it prints kind, sizes and the key's fingerprint only.
 */
public interface KeyedTransform {

    /** T_k(x) on the tape. */
    Tensor apply(Tensor x);

    /** Undoes the keyed part of the transform on transformed values: {@code inverse(apply(x))} is x, or its normalized form. */
    INDArray inverse(INDArray transformed);

    /** The secret key (never printed). */
    SecretKey key();

    /** What the transform is. */
    KeyedTransformKind kind();

    /** Kind, block size, channels and key fingerprint, e.g. "pixel_shuffle(M=2, C=32, 1a2b3c4d5e6f)". */
    default String describe() {
        return kind().configName() + "(M=" + key().blockSize() + ", C=" + key().channels() + ", " + key().id() + ")";
    }
}
