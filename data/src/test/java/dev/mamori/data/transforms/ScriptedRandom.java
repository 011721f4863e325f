package dev.mamori.data.transforms;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;

/** A RandomGenerator that returns scripted values, to test what a transform does with each draw. */
final class ScriptedRandom implements RandomGenerator {
    private final Deque<Number> values = new ArrayDeque<>();

    ScriptedRandom(Number... values) {
        for (Number v : values) this.values.add(v);
    }

    @Override
    public int nextInt(int bound) {
        int v = values.removeFirst().intValue();
        if (v < 0 || v >= bound) throw new AssertionError("scripted " + v + " outside [0, " + bound + ")");
        return v;
    }

    @Override
    public double nextDouble() {
        return values.removeFirst().doubleValue();
    }

    @Override
    public long nextLong() {
        throw new UnsupportedOperationException("not scripted");
    }

    boolean exhausted() {
        return values.isEmpty();
    }
}
