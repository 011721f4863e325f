package dev.mamori.autograd.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Runs work items [0, count) in parallel as a few contiguous parts (one per worker), each part with scratch space
 * made once for it and dropped after the call (instead of per-thread scratch in a ThreadLocal, looked up once per item
 * and kept for the life of every pool thread). A JFR profile without -XX:+DebugNonSafepoints had put a fifth of an
 * AutoAttack run in that lookup; with the lookup gone the same samples land in the kernels' own loops, so the
 * attribution was most likely the profiler's (samples in a compiled loop are charged to the nearest call site).
 */
final class Parts {
    private Parts() {}

    /** One work item, with its part's scratch. */
    @FunctionalInterface
    interface Work<S> {
        void run(S scratch, int item);
    }

    static <S> void forEach(int count, Supplier<S> scratch, Work<S> work) {
        int parts = Math.min(count, ForkJoinPool.getCommonPoolParallelism() + 1);
        IntStream.range(0, parts).parallel().forEach(p -> {
            S s = scratch.get();
            int end = (int) ((long) (p + 1) * count / parts);
            for (int item = (int) ((long) p * count / parts); item < end; item++) work.run(s, item);
        });
    }
}
