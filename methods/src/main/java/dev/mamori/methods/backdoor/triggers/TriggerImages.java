package dev.mamori.methods.backdoor.triggers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/** Shape checks and conversions shared by the triggers (images are float32 [N, C, H, W]). */
final class TriggerImages {
    private TriggerImages() {}

    /** Checks that {@code images} is a batch of {@code shape} [C, H, W] images; the error names the trigger. */
    static void check(String trigger, INDArray images, long[] shape) {
        if (images.rank() != 4) {
            throw new IllegalArgumentException("trigger '" + trigger + "' takes images [N, C, H, W]; got shape " + Arrays.toString(images.shape()));
        }
        long[] s = images.shape();
        if (s[1] != shape[0] || s[2] != shape[1] || s[3] != shape[2]) {
            throw new IllegalArgumentException("trigger '" + trigger + "' is built for " + shape[0] + "x" + shape[1] + "x" + shape[2]
                    + " images; got " + s[1] + "x" + s[2] + "x" + s[3]);
        }
    }

    /** The pixels as a float array in NCHW order (a copy). */
    static float[] pixels(INDArray images) {
        return images.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    static INDArray array(float[] values, long... shape) {
        return Nd4j.create(values, shape, 'c');
    }
}
