package dev.mamori.nn.init;

import dev.mamori.nn.util.RandomArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * Parameter initialization with PyTorch's default rules, from one seeded generator (like torch.manual_seed), so that
 * building the same model after {@link #seed(long)} gives the same weights on every machine.
 */
public final class Init {
    private static SplittableRandom rng = new SplittableRandom(0);

    private Init() {}

    /** Reseeds the generator used by every layer constructor. */
    public static synchronized void seed(long seed) {
        rng = new SplittableRandom(seed);
    }

    /** U(-bound, bound). */
    public static synchronized INDArray uniform(double bound, long... shape) {
        long n = 1;
        for (long s : shape) n *= s;
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        return Nd4j.create(v, shape, 'c');
    }

    /** N(mean, std). */
    public static synchronized INDArray normal(double mean, double std, long... shape) {
        return RandomArrays.normal(rng, mean, std, shape);
    }

    /** N(mean, std) truncated to [a, b] (timm's trunc_normal_), by rejection. */
    public static synchronized INDArray truncNormal(double std, double a, double b, long... shape) {
        INDArray x = normal(0, std, shape);
        float[] v = x.data().asFloat();
        for (int i = 0; i < v.length; i++) {
            while (v[i] < a || v[i] > b) v[i] = normal(0, std, 1).getFloat(0);
        }
        return Nd4j.create(v, shape, 'c');
    }

    /** PyTorch's default for Linear/Conv weights: kaiming_uniform_(a=sqrt(5)) = U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    public static INDArray kaimingUniformDefault(long fanIn, long... shape) {
        return uniform(fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0, shape);
    }

    /** PyTorch's default bias: U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    public static INDArray biasDefault(long fanIn, long size) {
        return uniform(fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0, size);
    }

    /** Xavier/Glorot uniform. */
    public static INDArray xavierUniform(long fanIn, long fanOut, long... shape) {
        return uniform(Math.sqrt(6.0 / (fanIn + fanOut)), shape);
    }

    public static INDArray zeros(long... shape) {
        return Nd4j.zeros(DataType.FLOAT, shape);
    }

    public static INDArray ones(long... shape) {
        return Nd4j.ones(DataType.FLOAT, shape);
    }

    /** A generator for a component that needs its own random stream (dropout masks, random starts). */
    public static synchronized long nextSeed() {
        return rng.nextLong();
    }
}
