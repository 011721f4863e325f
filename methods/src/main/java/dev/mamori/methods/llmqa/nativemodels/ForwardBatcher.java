package dev.mamori.methods.llmqa.nativemodels;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Runs one model for many threads by batching their inputs: a caller queues its input, and whichever caller finds the
 * model free takes the queued inputs (up to {@code maxBatch}, oldest first, of the same group) and runs them as one
 * forward pass, answering every caller in it. With one caller at a time this is a plain call; with N concurrent
 * callers (a server's request threads) one pass serves up to N of them, so the fixed cost of a pass (dozens of small
 * ops for these models) is paid once per batch instead of once per query. No thread of its own; the model is only
 * ever used by one thread at a time. Inputs of different groups are never batched together (TextCNN pads to the
 * longest input, which changes its max-pooling, so it groups by padded length).
 */
final class ForwardBatcher {
    /** Passes run, inputs answered and nanoseconds the model was busy, for the server's log. */
    record Stats(long passes, long inputs, long busyNanos) {}

    private static final class Pending {
        final int[] input;
        final int group;
        double[] output;
        RuntimeException error;
        boolean done;

        Pending(int[] input, int group) {
            this.input = input;
            this.group = group;
        }
    }

    private final Function<List<int[]>, double[][]> forward;
    private final ToIntFunction<int[]> group;
    private final int maxBatch;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean running;
    private long passes, inputs, busyNanos;

    /**
     * @param forward  the model on a list of inputs: one output row per input, in order
     * @param group    inputs batched together must have the same group
     * @param maxBatch the most inputs in one pass (1: one at a time)
     */
    ForwardBatcher(Function<List<int[]>, double[][]> forward, ToIntFunction<int[]> group, int maxBatch) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        this.forward = forward;
        this.group = group;
        this.maxBatch = maxBatch;
    }

    /** The model's output for one input, computed in a batch with whatever other callers queued meanwhile. */
    double[] apply(int[] input) {
        Pending mine = new Pending(input, group.applyAsInt(input));
        synchronized (this) {
            queue.add(mine);
        }
        while (true) {
            List<Pending> batch;
            synchronized (this) {
                while (!mine.done && running) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for the model", e);
                    }
                }
                if (mine.done) {
                    if (mine.error != null) throw mine.error;
                    return mine.output;
                }
                running = true;
                batch = take();
            }
            long t0 = System.nanoTime();
            try {
                double[][] out = forward.apply(batch.stream().map(p -> p.input).toList());
                for (int i = 0; i < batch.size(); i++) batch.get(i).output = out[i];
            } catch (RuntimeException e) {
                for (Pending p : batch) p.error = e;
            } catch (Error e) {
                for (Pending p : batch) p.error = new IllegalStateException("the model failed: " + e, e);
                throw e;
            } finally {
                synchronized (this) {
                    for (Pending p : batch) p.done = true;
                    passes++;
                    inputs += batch.size();
                    busyNanos += System.nanoTime() - t0;
                    running = false;
                    notifyAll();
                }
            }
        }
    }

    /** The oldest queued input and up to maxBatch - 1 more of its group, removed from the queue. Holds the lock. */
    private List<Pending> take() {
        List<Pending> batch = new ArrayList<>();
        int g = queue.peekFirst().group;
        for (Iterator<Pending> it = queue.iterator(); it.hasNext() && batch.size() < maxBatch; ) {
            Pending p = it.next();
            if (p.group == g) {
                batch.add(p);
                it.remove();
            }
        }
        return batch;
    }

    /** Inputs waiting for a pass. */
    synchronized int queued() {
        return queue.size();
    }

    synchronized Stats stats() {
        return new Stats(passes, inputs, busyNanos);
    }
}
