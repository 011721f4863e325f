package dev.mamori.nn.init;

import dev.mamori.nn.util.RandomArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Parameter initialization with PyTorch's default rules, from one seeded generator (like torch.manual_seed), so that
 * building the same model after {@link #seed(long)} gives the same weights on every machine.
 *
 * <p>Every shape is checked before anything is allocated: a negative size or one whose element count overflows is an
 * {@link IllegalArgumentException} naming the shape (a model config read from an untrusted file must not end in a
 * {@code NegativeArraySizeException} or an arithmetic overflow), and inside {@link #limit} the parameters created may
 * hold at most that many values in all (a model described by a file cannot be larger than the file: a mutated width
 * must not exhaust the memory before the shapes are compared).
 */
public final class Init {
    private static SplittableRandom rng = new SplittableRandom(0);
    /** The innermost {@link #limit} scope of each thread (null: none). */
    private static final ThreadLocal<Limit> LIMIT = new ThreadLocal<>();

    private Init() {}

    /** Reseeds the generator used by every layer constructor. */
    public static synchronized void seed(long seed) {
        rng = new SplittableRandom(seed);
    }

    /**
     * A scope in which the parameters this thread creates may hold at most {@code maxValues} values in all; closing it
     * restores the limit of an enclosing scope (with what this one used deducted).
     */
    public static Limit limit(long maxValues) {
        if (maxValues < 0) throw new IllegalArgumentException("a limit of values must be >= 0, got " + maxValues);
        Limit outer = LIMIT.get();
        Limit l = new Limit(outer, outer == null ? maxValues : Math.min(maxValues, outer.left));
        LIMIT.set(l);
        return l;
    }

    /** The scope of {@link #limit}. */
    public static final class Limit implements AutoCloseable {
        private final Limit outer;
        private final long max;
        private long left;

        private Limit(Limit outer, long max) {
            this.outer = outer;
            this.max = max;
            this.left = max;
        }

        @Override
        public void close() {
            if (outer != null) outer.left -= max - left;
            LIMIT.set(outer);
        }
    }

    /** The element count of a parameter shape, checked (sizes >= 0, no overflow, at most 2^31 - 1) and reserved. */
    private static int reserve(long... shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException("a parameter of shape " + Arrays.toString(shape) + " has a negative size");
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("a parameter of shape " + Arrays.toString(shape) + " has more than 2^63 elements");
            }
        }
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("a parameter of shape " + Arrays.toString(shape) + " has more than 2^31 elements");
        Limit l = LIMIT.get();
        if (l != null) {
            if (n > l.left) {
                throw new IllegalArgumentException("the parameters would hold more than " + l.max + " values (at a parameter of shape "
                        + Arrays.toString(shape) + ")");
            }
            l.left -= n;
        }
        return (int) n;
    }

    /** U(-bound, bound). */
    public static synchronized INDArray uniform(double bound, long... shape) {
        float[] v = new float[reserve(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        return Nd4j.create(v, shape, 'c');
    }

    /** N(mean, std). */
    public static synchronized INDArray normal(double mean, double std, long... shape) {
        reserve(shape);
        return RandomArrays.normal(rng, mean, std, shape);
    }

    /** N(mean, std) truncated to [a, b] (timm's trunc_normal_), by rejection. */
    public static synchronized INDArray truncNormal(double std, double a, double b, long... shape) {
        INDArray x = normal(0, std, shape);
        float[] v = x.data().asFloat();
        for (int i = 0; i < v.length; i++) {
            while (v[i] < a || v[i] > b) v[i] = RandomArrays.normal(rng, 0, std, 1).getFloat(0);
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
        reserve(shape);
        return Nd4j.zeros(DataType.FLOAT, shape);
    }

    public static INDArray ones(long... shape) {
        reserve(shape);
        return Nd4j.ones(DataType.FLOAT, shape);
    }

    /** A generator for a component that needs its own random stream (dropout masks, random starts). */
    public static synchronized long nextSeed() {
        return rng.nextLong();
    }
}
