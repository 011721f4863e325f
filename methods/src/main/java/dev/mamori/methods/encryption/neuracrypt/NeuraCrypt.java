package dev.mamori.methods.encryption.neuracrypt;

import dev.mamori.methods.crypto.KeySource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.random.RandomGenerator;

/**
 * NeuraCrypt (Yala et al. 2021, docs/METHODS.md item 5): the data owner's private encoder ({@link NeuraCryptEncoder},
 * the key's random frozen weights), then a fresh token permutation per image. The encoding is not invertible by
 * design, and randomised (the permutation; and the batch norms' batch statistics tie each code to its batch), so
 * there is no decryption: the owner shares the token grids and the labels, and a server trains a ViT without position
 * embedding on them.
 */
public final class NeuraCrypt extends ShuffledTokenEncoder {
    private final NeuraCryptKey key;
    private final NeuraCryptEncoder encoder;

    /** NeuraCrypt with token orders from a secure source. */
    public NeuraCrypt(NeuraCryptKey key) {
        this(key, KeySource.secure());
    }

    /** NeuraCrypt with token orders from {@code permutations} (a seeded source for reproducible experiments). */
    public NeuraCrypt(NeuraCryptKey key, RandomGenerator permutations) {
        super(permutations);
        this.key = key;
        this.encoder = new NeuraCryptEncoder(key);
    }

    @Override
    public INDArray tokens(INDArray images) {
        return encoder.tokens(images);
    }

    @Override
    public int tokenCount() {
        return key.tokens();
    }

    @Override
    public int tokenDim() {
        return key.architecture().outputDim();
    }

    @Override
    public int gridHeight() {
        return key.geometry().height() / key.geometry().blockSize();
    }

    @Override
    public int gridWidth() {
        return key.geometry().width() / key.geometry().blockSize();
    }

    @Override
    public NeuraCryptKey key() {
        return key;
    }

    @Override
    public String toString() {
        return "NeuraCrypt{" + key + "}";
    }
}
