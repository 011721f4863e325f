package dev.mamori.autograd.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Runs work items [0, count) in parallel as a few contiguous parts (one per worker), each part with scratch space
 * made once for it. Per-thread scratch in a ThreadLocal was slower: in long attack runs the lookup of the main
 * thread's entry went through long probe sequences of its ThreadLocalMap (a third of an AutoAttack run's samples in
 * ThreadLocalMap.getEntryAfterMiss), and it was done once per item.
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
