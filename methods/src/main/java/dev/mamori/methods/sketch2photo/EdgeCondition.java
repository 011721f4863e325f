package dev.mamori.methods.sketch2photo;

import dev.mamori.methods.diffusion.UnetCondition;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * The edge map as the UNet's spatial condition (ours, after MaungMaung et al. 2023, who condition Stable Diffusion on
 * the edge map): the standardized edge map [N, 1, H, W] is area-averaged down to the latent size [N, 1, h, w] (the
 * share of edge pixels in each latent cell) and concatenated to the noisy latent as one extra UNet input channel; the
 * prompt enters by cross-attention as in text-to-image. Training conditions come from colour images only
 * (self-supervised); inference conditions from sketches, standardized by the same detector or, for the ablation, as
 * raw darkness.
 */
public final class EdgeCondition {
    /** Channels the condition adds to the UNet's input. */
    public static final int CHANNELS = 1;

    private EdgeCondition() {}

    /** Conditions [N, 1, h, w] of images [N, 3, H, W] in [0, 1] (colour or sketch) through the edge standardizer. */
    public static INDArray standardized(INDArray images, EdgeStandardizer standardizer, int latentSize) {
        return downsample(standardizer.apply(images), latentSize);
    }

    /** Conditions [N, 1, h, w] of sketches taken as they are (1 - luminance), without edge standardization. */
    public static INDArray raw(INDArray sketches, int latentSize) {
        return downsample(EdgeStandardizer.darkness(sketches), latentSize);
    }

    /** Maps [N, 1, H, W] area-averaged to [N, 1, h, h]; H must be a multiple of h. */
    public static INDArray downsample(INDArray maps, int latentSize) {
        if (maps.rank() != 4 || maps.size(1) != 1 || maps.size(2) != maps.size(3)) {
            throw new IllegalArgumentException("edge maps [N, 1, H, H] expected, got " + Arrays.toString(maps.shape()));
        }
        int n = (int) maps.size(0), size = (int) maps.size(2);
        if (latentSize < 1 || size % latentSize != 0) {
            throw new IllegalArgumentException("edge maps of " + size + " px cannot be averaged down to " + latentSize + " px");
        }
        int f = size / latentSize;
        float[] in = maps.castTo(DataType.FLOAT).dup('c').data().asFloat(), out = new float[n * latentSize * latentSize];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < size; r++) {
                for (int x = 0; x < size; x++) out[(i * latentSize + r / f) * latentSize + x / f] += in[(i * size + r) * size + x];
            }
        }
        for (int p = 0; p < out.length; p++) out[p] /= f * f;
        return Nd4j.create(out, new long[]{n, 1, latentSize, latentSize}, 'c');
    }

    /** The diffusion step's inputs: the VAE's posterior moments [N, 2C, h, w] followed by the conditions [N, 1, h, w]. */
    public static INDArray withMoments(INDArray moments, INDArray conditions) {
        return UnetCondition.concat(moments, conditions);
    }

    /** The training condition of sketch-to-photo: the standardized edges of each colour training image. */
    public static UnetCondition training(EdgeStandardizer standardizer, int latentSize) {
        return new UnetCondition(CHANNELS, images -> standardized(images, standardizer, latentSize));
    }
}
