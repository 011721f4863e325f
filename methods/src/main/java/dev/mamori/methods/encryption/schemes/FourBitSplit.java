package dev.mamori.methods.encryption.schemes;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

/**
 * Tanaka's 4-bit split: each 8-bit value q = round(255 v) of an image in [0, 1] becomes its upper nibble
 * floor(q / 16) and lower nibble q mod 16, so a C-channel image becomes 2C channels: [upper of channels 0..C-1,
 * lower of channels 0..C-1] (channel order ours), each nibble stored as n / 15 in [0, 1]. {@link #merge} undoes it.
 */
public final class FourBitSplit {
    private FourBitSplit() {}

    /** [N, C, H, W] in [0, 1] to [N, 2C, H, W] nibbles / 15. */
    public static INDArray split(INDArray images) {
        requireRank4(images);
        double min = images.minNumber().doubleValue(), max = images.maxNumber().doubleValue();
        if (!(min >= 0 && max <= 1)) {
            throw new IllegalArgumentException("the 4-bit split expects values in [0, 1]; found range [" + min + ", " + max + "]");
        }
        INDArray q = Transforms.round(images.mul(255), false);
        INDArray upper = Transforms.floor(q.div(16), false);
        INDArray lower = q.subi(upper.mul(16));
        return Nd4j.concat(1, upper, lower).divi(15);
    }

    /** [N, 2C, H, W] nibbles / 15 back to [N, C, H, W] values q / 255. */
    public static INDArray merge(INDArray nibbles) {
        requireRank4(nibbles);
        long twoC = nibbles.size(1);
        if (twoC % 2 != 0) throw new IllegalArgumentException("a 4-bit split image has an even channel count; got shape " + Arrays.toString(nibbles.shape()));
        long c = twoC / 2;
        INDArray upper = Transforms.round(nibbles.get(NDArrayIndex.all(), NDArrayIndex.interval(0, c)).mul(15), false);
        INDArray lower = Transforms.round(nibbles.get(NDArrayIndex.all(), NDArrayIndex.interval(c, twoC)).mul(15), false);
        return upper.muli(16).addi(lower).divi(255);
    }

    private static void requireRank4(INDArray a) {
        if (a.rank() != 4) throw new IllegalArgumentException("expected an NCHW batch, got shape " + Arrays.toString(a.shape()));
    }
}
