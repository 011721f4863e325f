package dev.mamori.methods.testing;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/** Small reproducible test images. */
public final class TestImages {
    private TestImages() {}

    /** Uniform values in [0, 1). */
    public static INDArray uniform(long seed, DataType dtype, long... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[Math.toIntExact(length(shape))];
        for (int i = 0; i < v.length; i++) v[i] = rng.nextDouble();
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(dtype);
    }

    /** Values k / 255 for random k in 0..255, in float32. */
    public static INDArray eightBit(long seed, long... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(length(shape))];
        for (int i = 0; i < v.length; i++) v[i] = rng.nextInt(256) / 255f;
        return Nd4j.create(v, shape);
    }

    /** Integer values 0..255 stored as float32 (8-bit images). */
    public static INDArray bytes(long seed, long... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(length(shape))];
        for (int i = 0; i < v.length; i++) v[i] = rng.nextInt(256);
        return Nd4j.create(v, shape);
    }

    /** got == want element by element (atol 0), same shape and dtype. */
    public static void assertExactlyEqual(INDArray got, INDArray want) {
        org.assertj.core.api.Assertions.assertThat(got.dataType()).isEqualTo(want.dataType());
        org.assertj.core.api.Assertions.assertThat(dev.mamori.nn.io.OracleFixture.compare("values", got, want, 0, 0)).isEmpty();
    }

    /** max |a - b| in float64. */
    public static double maxAbsDiff(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    public static int[] ints(INDArray a) {
        return a.castTo(DataType.INT64).toIntVector();
    }

    public static boolean[] bools(INDArray a) {
        int[] v = a.castTo(DataType.INT32).toIntVector();
        boolean[] out = new boolean[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] != 0;
        return out;
    }

    private static long length(long[] shape) {
        long n = 1;
        for (long s : shape) n *= s;
        return n;
    }
}
