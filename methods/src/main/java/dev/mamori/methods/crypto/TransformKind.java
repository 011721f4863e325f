package dev.mamori.methods.crypto;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The block-wise transforms of the key-based defense, with the name each has in key files. */
public enum TransformKind {
    /** Block-wise pixel shuffling: key material is a permutation of 0..L-1. */
    SHUFFLE("shuffle"),
    /** Block-wise negative/positive (bit flipping): key material is a mask of length L. */
    NEGATIVE_POSITIVE("negative_positive"),
    /** Block-wise FFX: key material is a mask of length L and a 128-bit AES key. */
    FFX("ffx");

    private final String fileName;

    TransformKind(String fileName) {
        this.fileName = fileName;
    }

    /** The name used in key files. */
    public String fileName() {
        return fileName;
    }

    /** The kind named {@code name} in a key file; an exception listing the valid names otherwise. */
    public static TransformKind fromFileName(String name) {
        for (TransformKind k : values()) {
            if (k.fileName.equals(name)) return k;
        }
        throw new IllegalArgumentException("unknown transform kind '" + name + "'; expected one of "
                + Arrays.stream(values()).map(TransformKind::fileName).collect(Collectors.joining(", ")));
    }
}
