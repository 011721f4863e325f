package dev.mamori.models.gan;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/** Float32 Gaussian arrays from a seeded {@link SplittableRandom} (Box-Muller), so results depend only on the seed. */
final class GanArrays {
    private GanArrays() {
    }

    static INDArray normal(SplittableRandom random, long... shape) {
        long n = 1;
        for (long s : shape) n *= s;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("noise array too large: " + n + " elements");
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i += 2) {
            double u1 = 1.0 - random.nextDouble(), u2 = random.nextDouble();
            double r = Math.sqrt(-2 * Math.log(u1));
            v[i] = (float) (r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < v.length) v[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
        }
        return Nd4j.create(v, shape, 'c').castTo(DataType.FLOAT);
    }
}
