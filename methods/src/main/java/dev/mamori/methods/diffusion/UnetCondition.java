package dev.mamori.methods.diffusion;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * A spatial condition of the UNet computed from each training image (sketch-to-photo's edge map, MaungMaung et al.
 * 2023): {@code channels} extra UNet input channels at the latent size, concatenated after the latent part of each
 * training input, while the text still enters by cross-attention.
 *
 * @param channels   channels the condition adds to the UNet's input
 * @param fromImages images [N, 3, H, W] in [0, 1] to conditions [N, channels, h, w] at the latent size
 */
public record UnetCondition(int channels, UnaryOperator<INDArray> fromImages) {
    public UnetCondition {
        if (channels < 1) throw new IllegalArgumentException("a spatial condition has at least one channel, got " + channels);
    }

    /** The training inputs: the VAE's posterior moments [N, 2C, h, w] of {@code images} followed by their conditions [N, k, h, w]. */
    public INDArray withMoments(INDArray moments, INDArray images) {
        INDArray c = fromImages.apply(images);
        if (c.rank() != 4 || c.size(1) != channels) {
            throw new IllegalArgumentException("the condition gave " + Arrays.toString(c.shape()) + ", expected [N, " + channels + ", h, w]");
        }
        return concat(moments, c);
    }

    /** Moments [N, 2C, h, w] and conditions [N, k, h, w] concatenated along channels; sizes must agree. */
    public static INDArray concat(INDArray moments, INDArray conditions) {
        if (moments.rank() != 4 || conditions.rank() != 4 || moments.size(0) != conditions.size(0) || moments.size(2) != conditions.size(2)
                || moments.size(3) != conditions.size(3)) {
            throw new IllegalArgumentException("moments [N, 2C, h, w] and conditions [N, k, h, w] must agree, got " + Arrays.toString(moments.shape())
                    + " and " + Arrays.toString(conditions.shape()));
        }
        return Nd4j.concat(1, moments.castTo(DataType.FLOAT), conditions.castTo(DataType.FLOAT));
    }
}
