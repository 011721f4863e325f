package dev.mamori.nn.util;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.random.RandomGenerator;

/**
 * Float32 arrays of random numbers drawn in Java from a given generator: the values depend only on the generator's
 * seed, never on the ND4J backend or thread count, so a training step that draws its noise here (diffusion timesteps
 * and noise, GAN latents) is reproducible on every machine and resumable from (seed, step).
 */
public final class RandomArrays {
    private RandomArrays() {}

    /** N(mean, std), by Box-Muller (two values per pair of uniform draws). */
    public static INDArray normal(RandomGenerator rng, double mean, double std, long... shape) {
        float[] v = new float[size(shape)];
        for (int i = 0; i < v.length; i += 2) {
            double u1 = Math.max(rng.nextDouble(), 1e-300), u2 = rng.nextDouble();
            double r = Math.sqrt(-2 * Math.log(u1));
            v[i] = (float) (mean + std * r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < v.length) v[i + 1] = (float) (mean + std * r * Math.sin(2 * Math.PI * u2));
        }
        return Nd4j.create(v, shape, 'c');
    }

    /** U[lo, hi). */
    public static INDArray uniform(RandomGenerator rng, double lo, double hi, long... shape) {
        float[] v = new float[size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        return Nd4j.create(v, shape, 'c');
    }

    /** {@code n} integers uniform in [0, bound) (diffusion timesteps, class labels for a conditional generator). */
    public static int[] integers(RandomGenerator rng, int n, int bound) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = rng.nextInt(bound);
        return v;
    }

    private static int size(long... shape) {
        long n = 1;
        for (long s : shape) {
            if (s < 0) throw new IllegalArgumentException("negative dimension " + s);
            n *= s;
        }
        return Math.toIntExact(n);
    }
}
