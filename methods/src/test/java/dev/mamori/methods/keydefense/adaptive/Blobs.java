package dev.mamori.methods.keydefense.adaptive;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * A synthetic 4-class problem on 1 x 28 x 28 images that a tiny network learns in seconds: class c is a bright 10 x 10
 * square at a random offset inside quadrant c, on a dim noisy background.
 */
final class Blobs {
    final INDArray images;
    final int[] labels;

    private Blobs(INDArray images, int[] labels) {
        this.images = images;
        this.labels = labels;
    }

    static Blobs generate(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] px = new float[n * 28 * 28];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(4);
            labels[i] = c;
            int y0 = (c / 2) * 14 + rng.nextInt(5), x0 = (c % 2) * 14 + rng.nextInt(5);
            float bright = (float) (0.7 + 0.3 * rng.nextDouble());
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    boolean in = y >= y0 && y < y0 + 10 && x >= x0 && x < x0 + 10;
                    px[i * 784 + y * 28 + x] = in ? bright : (float) (0.3 * rng.nextDouble());
                }
            }
        }
        return new Blobs(Nd4j.create(px, new long[]{n, 1, 28, 28}, 'c').castTo(DataType.FLOAT), labels);
    }
}
