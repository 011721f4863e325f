package dev.mamori.autograd;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A per-op time profile of the tape, for finding where a model spends its time (switched off by default; costs
 * nothing then). Forward time of an op is the time since the previous op finished on this thread, so it includes the
 * Java glue that prepared it; backward time is measured around each op's backward rule.
 * <pre>{@code
 * OpProfiler.start();
 * ... training steps ...
 * System.out.println(OpProfiler.stop());
 * }</pre>
 */
public final class OpProfiler {
    private static volatile boolean enabled;
    private static final Map<String, long[]> FORWARD = new LinkedHashMap<>();
    private static final Map<String, long[]> BACKWARD = new LinkedHashMap<>();
    private static final ThreadLocal<long[]> LAST = ThreadLocal.withInitial(() -> new long[]{System.nanoTime()});

    private OpProfiler() {}

    public static synchronized void start() {
        FORWARD.clear();
        BACKWARD.clear();
        LAST.get()[0] = System.nanoTime();
        enabled = true;
    }

    /** Stops profiling and returns the table (ops sorted by total time). */
    public static synchronized String stop() {
        enabled = false;
        return render();
    }

    static boolean enabled() {
        return enabled;
    }

    /** Marks the start of a region whose first op should not absorb earlier unrelated time. */
    public static void mark() {
        if (enabled) LAST.get()[0] = System.nanoTime();
    }

    static void forwardDone(String op) {
        long now = System.nanoTime();
        long[] last = LAST.get();
        add(FORWARD, op, now - last[0]);
        last[0] = now;
    }

    static void backwardDone(String op, long nanos) {
        add(BACKWARD, op, nanos);
        LAST.get()[0] = System.nanoTime();
    }

    private static synchronized void add(Map<String, long[]> m, String op, long nanos) {
        long[] v = m.computeIfAbsent(op, k -> new long[2]);
        v[0]++;
        v[1] += nanos;
    }

    private static String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-22s %8s %12s %8s %12s%n", "op", "fwd n", "fwd ms", "bwd n", "bwd ms"));
        Map<String, long[]> all = new LinkedHashMap<>();
        FORWARD.forEach((k, v) -> all.put(k, new long[]{v[0], v[1], 0, 0}));
        BACKWARD.forEach((k, v) -> {
            long[] a = all.computeIfAbsent(k, x -> new long[4]);
            a[2] = v[0];
            a[3] = v[1];
        });
        double fwd = 0, bwd = 0;
        for (var e : all.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1] + b.getValue()[3], a.getValue()[1] + a.getValue()[3])).toList()) {
            long[] v = e.getValue();
            sb.append(String.format("%-22s %8d %12.2f %8d %12.2f%n", e.getKey(), v[0], v[1] / 1e6, v[2], v[3] / 1e6));
            fwd += v[1] / 1e6;
            bwd += v[3] / 1e6;
        }
        sb.append(String.format("%-22s %8s %12.2f %8s %12.2f%n", "total", "", fwd, "", bwd));
        return sb.toString();
    }
}
