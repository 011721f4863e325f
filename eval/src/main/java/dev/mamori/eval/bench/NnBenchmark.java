package dev.mamori.eval.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The benchmark suite of shared/bench/SUITE.md: for each case, a training step (forward, backward, Adam), an
 * inference pass (eval mode, no tape) and an input-gradient pass (what one attack iteration costs), on a uniform
 * random [128, 1, 28, 28] batch with labels i % 10. Warm-up 3, then the mean of 10 timed iterations. One JSON line per
 * case, in the suite's format, so that the PyTorch twin's lines can be compared side by side.
 */
public final class NnBenchmark {
    /** The suite's case names and the registry models that are exactly those architectures. */
    public static final Map<String, String> CASES = new LinkedHashMap<>();

    static {
        CASES.put("convmixer", "convmixer_128_8");
        CASES.put("vit", "vit_mini_patch4_28");
        CASES.put("resnet", "resnet_mini_cifar");
    }

    private final int batch, warmup, iterations;

    public NnBenchmark(int batch, int warmup, int iterations) {
        this.batch = batch;
        this.warmup = warmup;
        this.iterations = iterations;
    }

    public static NnBenchmark standard() {
        return new NnBenchmark(128, 3, 10);
    }

    public record Result(String caseName, long params, double trainStepMs, double inferMs, double inputGradMs) {}

    /** The faster of two measurements, per quantity (repeated runs on a noisy machine). */
    public static Result best(Result a, Result b) {
        return new Result(a.caseName(), a.params(), Math.min(a.trainStepMs(), b.trainStepMs()), Math.min(a.inferMs(), b.inferMs()),
                Math.min(a.inputGradMs(), b.inputGradMs()));
    }

    public Result run(String caseName) {
        Phases p = phases(caseName);
        p.model.train();
        double train = time(p.train);
        p.model.eval();
        double infer = time(p.infer);
        double inputGrad = time(p.inputGrad);
        return new Result(caseName, p.model.parameterCount(), train, infer, inputGrad);
    }

    /**
     * Where a case spends its time: the tape's per-op profile ({@link OpProfiler}) of each phase, over the same number
     * of iterations as the timing, after the warm-up. The profiler adds a clock read per op, so these runs are not
     * the timed ones.
     */
    public Map<String, String> profile(String caseName) {
        Phases p = phases(caseName);
        Map<String, String> tables = new LinkedHashMap<>();
        p.model.train();
        tables.put("train_step", profiled(p.train));
        p.model.eval();
        tables.put("infer", profiled(p.infer));
        tables.put("input_grad", profiled(p.inputGrad));
        return tables;
    }

    /** A case's model and its three timed bodies (training step, inference, input gradient) on one fixed batch. */
    private record Phases(Classifier model, Consumer<Integer> train, Consumer<Integer> infer, Consumer<Integer> inputGrad) {}

    private Phases phases(String caseName) {
        String modelName = CASES.get(caseName);
        if (modelName == null) throw new IllegalArgumentException("unknown benchmark case '" + caseName + "'; cases: " + CASES.keySet());
        Init.seed(0);
        Classifier model = ModelRegistry.create(modelName);
        INDArray x = Nd4j.getRandomFactory().getNewRandomInstance(0).nextDouble(new long[]{batch, 1, 28, 28}).castTo(DataType.FLOAT);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = i % 10;
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

    private String profiled(Consumer<Integer> body) {
        for (int i = 0; i < warmup; i++) body.accept(i);
        OpProfiler.start();
        for (int i = 0; i < iterations; i++) body.accept(i);
        return "over " + iterations + " iterations:\n" + OpProfiler.stop();
    }

    private double time(Consumer<Integer> body) {
        for (int i = 0; i < warmup; i++) body.accept(i);
        long t = System.nanoTime();
        for (int i = 0; i < iterations; i++) body.accept(i);
        return (System.nanoTime() - t) / 1e6 / iterations;
    }

    /** The suite's JSON line for a result. */
    public String jsonLine(Result r, String version) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("engine", "mamori-" + version);
        o.put("case", r.caseName());
        o.put("batch", batch);
        o.put("params", r.params());
        o.put("train_step_ms", Math.round(r.trainStepMs() * 100) / 100.0);
        o.put("infer_ms", Math.round(r.inferMs() * 100) / 100.0);
        o.put("input_grad_ms", Math.round(r.inputGradMs() * 100) / 100.0);
        return o.toString();
    }

    public static void main(String[] args) {
        NnBenchmark b = standard();
        for (String c : args.length > 0 ? List.of(args) : List.copyOf(CASES.keySet())) {
            System.out.println(b.jsonLine(b.run(c), "dev"));
        }
    }
}
