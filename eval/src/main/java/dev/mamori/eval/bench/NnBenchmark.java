package dev.mamori.eval.bench;

import dev.mamori.autograd.Autograd;
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
    public static final List<String> WAVE2_CASES = List.of(UNetBenchmark.CASE);

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
        Map<String, String> tables = new LinkedHashMap<>();
        if (caseName.equals(UNetBenchmark.CASE)) {
            UNetBenchmark.Phases u = UNetBenchmark.standard().phases();
            u.model().train();
            tables.put("train_step", profiled(u.train()));
            u.model().eval();
            tables.put("infer", profiled(u.infer()));
            return tables;
        }
        Phases p = phases(caseName);
        p.model.train();
        tables.put("train_step", profiled(p.train));
        p.model.eval();
        tables.put("infer", profiled(p.infer));
        tables.put("input_grad", profiled(p.inputGrad));
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

    private String profiled(IntConsumer body) {
        for (int i = 0; i < protocol.warmup(); i++) body.accept(i);
        OpProfiler.start();
        for (int i = 0; i < protocol.iterations(); i++) body.accept(i);
        return "over " + protocol.iterations() + " iterations:\n" + OpProfiler.stop();
    }

    /** The suite's JSON line for a result. */
    public String jsonLine(Result r, String version) {
        if (r.caseName().equals(UNetBenchmark.CASE)) return UNetBenchmark.standard().protocol().jsonLine("mamori-" + version, r);
        return protocol.jsonLine("mamori-" + version, r);
    }

    public static void main(String[] args) {
        NnBenchmark b = standard();
        for (String c : args.length > 0 ? List.of(args) : List.copyOf(CASES.keySet())) {
            System.out.println(b.jsonLine(b.run(c), "dev"));
        }
    }
}
