package dev.mamori.methods.encryption.neuracrypt;

import dev.mamori.methods.crypto.KeySource;
import dev.mamori.methods.encryption.ImageEncoder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * What NeuraCrypt and Color-NeuraCrypt share: a random encoder turns each image into T tokens of width D, and a fresh
 * random permutation of its tokens is drawn for every image, so that token order carries no position:
 * {@code shuffled[i, j] = tokens[i, permutation_i[j]]}. The shared form is a token grid [B, D, h, w] with token j at
 * (j / w, j % w) - a "D-channel image" that a ViT without position embedding and patch size 1 reads as T tokens in
 * any order. Permutations come from a secure source unless a seeded one is given (experiments).
 */
public abstract class ShuffledTokenEncoder implements ImageEncoder {
    private final RandomGenerator permutations;

    /** @param permutations where the per-image token orders come from ({@link KeySource#secure()} for deployment) */
    protected ShuffledTokenEncoder(RandomGenerator permutations) {
        this.permutations = permutations;
    }

    /** The unshuffled tokens [B, T, D] of a batch of plain images. */
    public abstract INDArray tokens(INDArray images);

    /** T, tokens per image. */
    public abstract int tokenCount();

    /** D, the width of a token. */
    public abstract int tokenDim();

    /** The token grid's height h (T = h * w): the patch grid's. */
    public abstract int gridHeight();

    public abstract int gridWidth();

    /** Tokens, shuffled with a fresh permutation per image, as a token grid [B, D, h, w]. */
    @Override
    public INDArray encode(INDArray images) {
        INDArray tokens = tokens(images);
        int b = (int) tokens.size(0);
        int[][] perms = new int[b][];
        synchronized (permutations) {
            for (int i = 0; i < b; i++) perms[i] = KeySource.permutation(tokenCount(), permutations);
        }
        return toGrid(shuffle(tokens, perms), gridHeight(), gridWidth());
    }

    /** As {@link #encode(INDArray)} with the given permutations (one per image; tests and parity with a reference). */
    public INDArray encode(INDArray images, int[][] perms) {
        return toGrid(shuffle(tokens(images), perms), gridHeight(), gridWidth());
    }

    @Override
    public long[] encodedShape() {
        return new long[]{tokenDim(), gridHeight(), gridWidth()};
    }

    /** Token values are real numbers, not bytes. */
    @Override
    public boolean preservesEightBit() {
        return false;
    }

    /** out[i, j] = tokens[i, perms[i][j]] for tokens [B, T, D]. */
    public static INDArray shuffle(INDArray tokens, int[][] perms) {
        long[] s = tokens.shape();
        if (s.length != 3 || perms.length != s[0]) {
            throw new IllegalArgumentException("expected tokens [B, T, D] and B permutations; got shape " + Arrays.toString(s) + " and " + perms.length);
        }
        int b = (int) s[0], t = (int) s[1], d = (int) s[2];
        float[] in = tokens.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] out = new float[in.length];
        for (int i = 0; i < b; i++) {
            if (perms[i].length != t) throw new IllegalArgumentException("permutation " + i + " has " + perms[i].length + " entries; expected " + t);
            for (int j = 0; j < t; j++) System.arraycopy(in, (i * t + perms[i][j]) * d, out, (i * t + j) * d, d);
        }
        return Nd4j.create(out, s, 'c');
    }

    /** Tokens [B, T, D] to a token grid [B, D, h, w] (T = h * w, token j at (j / w, j % w)). */
    public static INDArray toGrid(INDArray tokens, int h, int w) {
        long[] s = tokens.shape();
        if (s.length != 3 || s[1] != (long) h * w) throw new IllegalArgumentException("cannot lay tokens " + Arrays.toString(s) + " on a " + h + "x" + w + " grid");
        return tokens.permute(0, 2, 1).dup('c').reshape('c', s[0], s[2], h, w);
    }

    /** A token grid [B, D, h, w] back to tokens [B, h*w, D]. */
    public static INDArray fromGrid(INDArray grid) {
        long[] s = grid.shape();
        if (s.length != 4) throw new IllegalArgumentException("expected a token grid [B, D, h, w], got " + Arrays.toString(s));
        return grid.reshape('c', s[0], s[1], s[2] * s[3]).permute(0, 2, 1).dup('c');
    }
}
