package dev.mamori.eval.bench;

import dev.mamori.autograd.FlopCounter;
import dev.mamori.autograd.MemoryScope;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * The FLOP floor of a benchmark phase: the products it must run ({@link FlopCounter}) divided by this machine's
 * measured matrix-multiply peak (float32 GEMM through ND4J's BLAS, on the threads ND4J uses). No implementation on this
 * machine runs a phase's products faster than that; the ratio of a measured time to its floor says how much of the
 * time goes to everything else (element-wise passes, memory traffic, small or badly shaped products, overhead).
 * The target we hold ourselves to: a training step within 3x of its floor (docs/PERFORMANCE.md).
 */
public final class FlopFloor {
    /** Square sizes tried for the peak: the largest sustained rate over them is the peak. */
    public static final List<Integer> PEAK_SIZES = List.of(256, 512, 1024, 2048);

    private FlopFloor() {}

    /**
     * The machine's float32 GEMM rate: the best of {@code repeats} timed products per size, in GFLOP/s.
     *
     * @param gflops the peak
     * @param size   the square size that reached it
     * @param bySize the best rate per size, in the order of {@link #PEAK_SIZES}
     */
    public record Peak(double gflops, int size, double[] bySize) {}

    /** Measures the GEMM peak (a few seconds: warm-up 2 and best of {@code repeats} per size). */
    public static Peak measurePeak(int repeats) {
        if (repeats < 1) throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
        double best = 0;
        int bestSize = 0;
        double[] bySize = new double[PEAK_SIZES.size()];
        for (int s = 0; s < PEAK_SIZES.size(); s++) {
            int n = PEAK_SIZES.get(s);
            try (MemoryScope ignored = MemoryScope.open("gemm-peak")) {
                INDArray a = Nd4j.rand(DataType.FLOAT, n, n), b = Nd4j.rand(DataType.FLOAT, n, n);
                INDArray c = Nd4j.createUninitialized(DataType.FLOAT, n, n);
                long fastest = Long.MAX_VALUE;
                for (int i = 0; i < repeats + 2; i++) {
                    long t0 = System.nanoTime();
                    Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
                    long t = System.nanoTime() - t0;
                    if (i >= 2) fastest = Math.min(fastest, t);
                }
                bySize[s] = 2.0 * n * n * n / fastest;   // FLOP per ns = GFLOP/s
            }
            if (bySize[s] > best) {
                best = bySize[s];
                bestSize = n;
            }
        }
        return new Peak(best, bestSize, bySize);
    }

    /** The products of one run of {@code body} after {@code warmup} runs (the warm-up is not counted). */
    public static FlopCounter.Counts count(IntConsumer body, int warmup) {
        for (int i = 0; i < warmup; i++) body.accept(i);
        FlopCounter.start();
        try {
            body.accept(warmup);
        } catch (RuntimeException | Error e) {
            FlopCounter.stop();   // never leave the counter on after a failure
            throw e;
        }
        return FlopCounter.stop();
    }

    /**
     * The products a phase must run: everything counted, except for an input gradient ("input_grad"), which asks for
     * no weight gradient (an attack's step), so its floor leaves dW out.
     */
    public static long phaseFlops(String phase, FlopCounter.Counts counts) {
        return phase.equals("input_grad") ? counts.withoutWeightGradients() : counts.total();
    }

    /** Milliseconds a phase's products take at {@code peak}. */
    public static double floorMillis(String phase, FlopCounter.Counts counts, Peak peak) {
        return phaseFlops(phase, counts) / peak.gflops() / 1e6;
    }
}
