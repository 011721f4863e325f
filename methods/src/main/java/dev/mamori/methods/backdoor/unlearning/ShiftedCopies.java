package dev.mamori.methods.backdoor.unlearning;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * Copies of images shifted by a random whole number of pixels in each direction (edges replicated): more rows for the
 * edit from the same few samples, without leaving the domain (the trigger is applied after shifting, where the attacker
 * puts it).
 */
final class ShiftedCopies {
    private ShiftedCopies() {}

    /** [n * copies, C, H, W]: copy j of image i at row i * copies + j, shifts in [-maxShift, maxShift]. */
    static INDArray of(INDArray images, int copies, int maxShift, SplittableRandom rng) {
        int n = (int) images.size(0), c = (int) images.size(1), h = (int) images.size(2), w = (int) images.size(3);
        float[] src = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int len = c * h * w;
        float[] out = new float[n * copies * len];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < copies; j++) {
                int dy = rng.nextInt(2 * maxShift + 1) - maxShift, dx = rng.nextInt(2 * maxShift + 1) - maxShift;
                int base = (i * copies + j) * len;
                for (int ch = 0; ch < c; ch++) {
                    for (int y = 0; y < h; y++) {
                        int sy = Math.max(0, Math.min(h - 1, y - dy));
                        for (int x = 0; x < w; x++) {
                            int sx = Math.max(0, Math.min(w - 1, x - dx));
                            out[base + (ch * h + y) * w + x] = src[i * len + (ch * h + sy) * w + sx];
                        }
                    }
                }
            }
        }
        return Nd4j.create(out, new long[]{(long) n * copies, c, h, w}, 'c');
    }
}
