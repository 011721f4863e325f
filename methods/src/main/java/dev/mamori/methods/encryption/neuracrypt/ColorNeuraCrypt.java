package dev.mamori.methods.encryption.neuracrypt;

import dev.mamori.methods.crypto.KeySource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Color-NeuraCrypt (Qi, MaungMaung and Kiya 2023; docs/METHODS.md item 5), as we reconstruct it: NeuraCrypt mixes the
 * colour channels of a patch in its first random convolution, and colour is where it loses accuracy. Here every colour
 * channel goes through its own random NeuraCrypt encoder (one-channel patches), the channels' tokens of a patch are
 * combined (sum, or concatenation: {@link ColorNeuraCryptKey.Combine}), and the combined tokens are shuffled per
 * image as in NeuraCrypt. With one channel it is NeuraCrypt.
 */
public final class ColorNeuraCrypt extends ShuffledTokenEncoder {
    private final ColorNeuraCryptKey key;
    private final List<NeuraCryptEncoder> encoders = new ArrayList<>();

    public ColorNeuraCrypt(ColorNeuraCryptKey key) {
        this(key, KeySource.secure());
    }

    public ColorNeuraCrypt(ColorNeuraCryptKey key, RandomGenerator permutations) {
        super(permutations);
        this.key = key;
        for (NeuraCryptKey k : key.channelKeys()) encoders.add(new NeuraCryptEncoder(k));
    }

    /** [B, C, H, W] to combined tokens [B, T, D] (D or C x D). */
    @Override
    public INDArray tokens(INDArray images) {
        List<INDArray> parts = new ArrayList<>();
        for (int c = 0; c < encoders.size(); c++) {
            INDArray channel = images.get(NDArrayIndex.all(), NDArrayIndex.interval(c, c + 1), NDArrayIndex.all(), NDArrayIndex.all()).dup('c');
            parts.add(encoders.get(c).tokens(channel));
        }
        if (key.combine() == ColorNeuraCryptKey.Combine.SUM) {
            INDArray sum = parts.get(0).dup();
            for (int c = 1; c < parts.size(); c++) sum.addi(parts.get(c));
            return sum;
        }
        return Nd4j.concat(2, parts.toArray(INDArray[]::new));
    }

    @Override
    public int tokenCount() {
        return key.geometry().blockCount();
    }

    @Override
    public int tokenDim() {
        return key.tokenDim();
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
    public ColorNeuraCryptKey key() {
        return key;
    }

    @Override
    public String toString() {
        return "ColorNeuraCrypt{" + key + "}";
    }
}
