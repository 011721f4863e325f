package dev.mamori.eval.bench;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.FlopCounter;
import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.OpProfiler;
import dev.mamori.autograd.Tensor;
import dev.mamori.models.Classifier;
import dev.mamori.models.ModelRegistry;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Adam;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * The benchmark suite of shared/bench/SUITE.md: for each case, a training step (forward, backward, Adam), an
 * inference pass (eval mode, no tape) and an input-gradient pass (what one attack iteration costs), on a uniform
 * random [128, 1, 28, 28] batch with labels i % 10. Warm-up 3, then the mean of 10 timed iterations. One JSON line per
 * case, in the suite's format, so that the PyTorch twin's lines can be compared side by side.
 */
public final class NnBenchmark {
    /** The suite's classifier case names and the registry models that are exactly those architectures. */
    public static final Map<String, String> CASES = new LinkedHashMap<>();
    /** The wave-2 cases with code here (batch 32, no input gradient): see {@link UNetBenchmark}. */
    public static final List<String> WAVE2_CASES = List.of(UNetBenchmark.CASE, StyleGanBenchmark.CASE);

    static {
        CASES.put("convmixer", "convmixer_128_8");
        CASES.put("vit", "vit_mini_patch4_28");
        CASES.put("resnet", "resnet_mini_cifar");
    }

    private final SuiteProtocol protocol;

    public NnBenchmark(SuiteProtocol protocol) {
        this.protocol = protocol;
    }

    public static NnBenchmark standard() {
        return new NnBenchmark(SuiteProtocol.standard());
    }

    public record Result(String caseName, long params, double trainStepMs, double inferMs, double inputGradMs) {}

    /** The faster of two measurements, per quantity (repeated runs on a noisy machine). */
    public static Result best(Result a, Result b) {
        return new Result(a.caseName(), a.params(), Math.min(a.trainStepMs(), b.trainStepMs()), Math.min(a.inferMs(), b.inferMs()),
                Math.min(a.inputGradMs(), b.inputGradMs()));
    }

    public Result run(String caseName) {
        if (caseName.equals(UNetBenchmark.CASE)) return UNetBenchmark.standard().run();
        if (caseName.equals(StyleGanBenchmark.CASE)) return StyleGanBenchmark.standard().run();
        Phases p = phases(caseName);
        p.model.train();
        double train = protocol.meanMillis(p.train);
        p.model.eval();
        double infer = protocol.meanMillis(p.infer);
        double inputGrad = protocol.meanMillis(p.inputGrad);
        return new Result(caseName, p.model.parameterCount(), train, infer, inputGrad);
    }

    /**
     * Where a case spends its time: the tape's per-op profile ({@link OpProfiler}) of each phase, over the same number
     * of iterations as the timing, after the warm-up. The profiler adds a clock read per op, so these runs are not
     * the timed ones.
     */
    public Map<String, String> profile(String caseName) {
        return perPhase(caseName, this::profiled);
    }

    /**
     * The products one iteration of each phase runs ({@link FlopCounter}: convolutions, linear layers and matrix
     * products, forward and the backward the phase asks for), after the warm-up: the work of the FLOP floor.
     */
    public Map<String, FlopCounter.Counts> flops(String caseName) {
        return perPhase(caseName, body -> FlopFloor.count(body, protocol.warmup()));
    }

    /** Applies {@code measure} to each phase of a case, each in the model mode it is timed in (train, then eval). */
    private <T> Map<String, T> perPhase(String caseName, Function<IntConsumer, T> measure) {
        Map<String, T> tables = new LinkedHashMap<>();
        if (caseName.equals(UNetBenchmark.CASE)) {
            UNetBenchmark.Phases u = UNetBenchmark.standard().phases();
            u.model().train();
            tables.put("train_step", measure.apply(u.train()));
            u.model().eval();
            tables.put("infer", measure.apply(u.infer()));
            return tables;
        }
        if (caseName.equals(StyleGanBenchmark.CASE)) {
            StyleGanBenchmark.Phases g = StyleGanBenchmark.standard().phases();
            tables.put("train_step", measure.apply(g.train()));
            tables.put("infer", measure.apply(g.infer()));
            return tables;
        }
        Phases p = phases(caseName);
        p.model.train();
        tables.put("train_step", measure.apply(p.train));
        p.model.eval();
        tables.put("infer", measure.apply(p.infer));
        tables.put("input_grad", measure.apply(p.inputGrad));
        return tables;
    }

    /** A case's model and its three timed bodies (training step, inference, input gradient) on one fixed batch. */
    private record Phases(Classifier model, IntConsumer train, IntConsumer infer, IntConsumer inputGrad) {}

    private Phases phases(String caseName) {
        String modelName = CASES.get(caseName);
        if (modelName == null) {
            throw new IllegalArgumentException("unknown benchmark case '" + caseName + "'; cases: " + CASES.keySet() + " and " + WAVE2_CASES);
        }
        Init.seed(0);
        Classifier model = ModelRegistry.create(modelName);
        INDArray x = protocol.input();
        int[] labels = protocol.labels();
        Adam adam = new Adam(model.trainableParameters(), 1e-3);
        return new Phases(model,
                i -> {
                    try (MemoryScope ignored = MemoryScope.open("bench-train")) {
                        adam.zeroGrad();
                        Losses.crossEntropy(model.call(Tensor.of(x)), labels).backward();
                        adam.step();
                    }
                },
                i -> {
                    try (MemoryScope ignored = MemoryScope.open("bench-infer"); GradMode.Scope off = GradMode.noGrad()) {
                        model.call(Tensor.of(x));
                    }
                },
                i -> {
                    try (MemoryScope ignored = MemoryScope.open("bench-grad")) {
                        Tensor xa = Tensor.variable(x);
                        Autograd.grad(Losses.crossEntropy(model.call(xa), labels), List.of(xa));
                    }
                });
    }

    /**
     * Paired A/B ratios (kernels on / off) of one quantity, the median and quartiles over the pairs: of wall time, and
     * of the process's CPU time (all threads, libnd4j's OpenMP threads included), which a loaded machine disturbs less.
     */
    public record PairedRatio(String quantity, int pairs, double median, double lowerQuartile, double upperQuartile,
                              double cpuMedian, double cpuLowerQuartile, double cpuUpperQuartile) {}

    /**
     * Kernels on against off in one process, for the training step, the inference pass and the input gradient of a
     * classifier case:
     * after the warm-up, {@code pairs} pairs of single iterations, one with {@code mamori.kernels.off=offNames} and
     * one without, adjacent in time and in alternating order, so that the machine's drifting load cancels within each
     * pair; the ratio on / off is taken per pair. On a loaded machine whole-run means drift by 2x between runs; paired
     * single iterations drift much less.
     */
    public List<PairedRatio> pairedAb(String caseName, String offNames, int pairs) {
        Phases p = phases(caseName);
        String before = System.getProperty("mamori.kernels.off");
        try {
            p.model.train();
            PairedRatio train = paired("train_step", p.train, offNames, pairs, before, protocol.warmup());
            p.model.eval();
            return List.of(train, paired("infer", p.infer, offNames, pairs, before, protocol.warmup()),
                    paired("input_grad", p.inputGrad, offNames, pairs, before, protocol.warmup()));
        } finally {
            restore(before);
        }
    }

    static PairedRatio paired(String quantity, IntConsumer body, String offNames, int pairs, String before, int warmup) {
        for (int i = 0; i < warmup; i++) {
            System.setProperty("mamori.kernels.off", offNames);
            body.accept(i);
            restore(before);
            body.accept(i);
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double[] ratios = new double[pairs], cpuRatios = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            double on = 0, off = 0, cpuOn = 0, cpuOff = 0;
            for (int k = 0; k < 2; k++) {
                boolean kernelsOff = (k == 0) == (i % 2 == 0);
                if (kernelsOff) System.setProperty("mamori.kernels.off", offNames);
                else restore(before);
                long t = System.nanoTime(), cpu = os.getProcessCpuTime();
                body.accept(i);
                double ms = (System.nanoTime() - t) / 1e6, cpuMs = (os.getProcessCpuTime() - cpu) / 1e6;
                if (kernelsOff) {
                    off = ms;
                    cpuOff = cpuMs;
                } else {
                    on = ms;
                    cpuOn = cpuMs;
                }
            }
            ratios[i] = on / off;
            cpuRatios[i] = cpuOn / cpuOff;
        }
        java.util.Arrays.sort(ratios);
        java.util.Arrays.sort(cpuRatios);
        return new PairedRatio(quantity, pairs, quantile(ratios, 0.5), quantile(ratios, 0.25), quantile(ratios, 0.75),
                quantile(cpuRatios, 0.5), quantile(cpuRatios, 0.25), quantile(cpuRatios, 0.75));
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    static void restore(String before) {
        if (before == null) System.clearProperty("mamori.kernels.off");
        else System.setProperty("mamori.kernels.off", before);
    }

    private String profiled(IntConsumer body) {
        for (int i = 0; i < protocol.warmup(); i++) body.accept(i);
        OpProfiler.start();
        for (int i = 0; i < protocol.iterations(); i++) body.accept(i);
        return "over " + protocol.iterations() + " iterations:\n" + OpProfiler.stop();
    }

    /** The suite's JSON line for a result. */
    public String jsonLine(Result r, String version) {
        if (r.caseName().equals(UNetBenchmark.CASE)) return UNetBenchmark.standard().protocol().jsonLine("mamori-" + version, r);
        if (r.caseName().equals(StyleGanBenchmark.CASE)) return StyleGanBenchmark.standard().protocol().jsonLine("mamori-" + version, r);
        return protocol.jsonLine("mamori-" + version, r);
    }

    public static void main(String[] args) {
        NnBenchmark b = standard();
        for (String c : args.length > 0 ? List.of(args) : List.copyOf(CASES.keySet())) {
            System.out.println(b.jsonLine(b.run(c), "dev"));
        }
    }
}
