package dev.mamori.eval.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.autograd.FlopCounter;
import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.OpProfiler;
import dev.mamori.autograd.Tensor;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.detection.CenterNet;
import dev.mamori.models.detection.CenterNetTargets;
import dev.mamori.nn.detection.CenterNetLosses;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.optim.Adam;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * The {@code detector} case of shared/bench/SUITE.md (wave 2): the CenterNet-style detector {@code centernet_bench_64}
 * (407,911 parameters) on a uniform random [32, 3, 64, 64] batch with 4 random objects per image encoded as CenterNet
 * targets once, outside the timing. train_step_ms: forward, focal + 0.1 L1(size) + L1(offset), backward, Adam (lr
 * 1e-3), BatchNorm in training mode; infer_ms: eval mode forward to the three head maps, no decoding. Warm-up 3, then
 * the mean of 10. Its JSON line has no input_grad_ms (not measured for this case).
 */
public final class DetectorBenchmark {
    public static final String CASE = "detector";
    public static final String MODEL = "centernet_bench_64";

    private final int batch;
    private final int warmup;
    private final int iterations;

    public DetectorBenchmark(int batch, int warmup, int iterations) {
        this.batch = batch;
        this.warmup = warmup;
        this.iterations = iterations;
    }

    /** SUITE.md wave 2: batch 32, 3 warm-up iterations, the mean of 10. */
    public static DetectorBenchmark standard() {
        return new DetectorBenchmark(32, 3, 10);
    }

    /** The result in the suite's shape; {@code inputGradMs} is NaN (not measured). */
    public NnBenchmark.Result run() {
        Phases p = phases();
        p.model.train();
        double train = new SuiteProtocol(batch, warmup, iterations).meanMillis(p.train);
        p.model.eval();
        double infer = new SuiteProtocol(batch, warmup, iterations).meanMillis(p.infer);
        return new NnBenchmark.Result(CASE, p.model.parameterCount(), train, infer, Double.NaN);
    }

    /** The per-op profile of each phase, as {@link NnBenchmark#profile}. */
    public Map<String, String> profile() {
        return perPhase(this::profiled);
    }

    /** The products of one iteration of each phase, as {@link NnBenchmark#flops}. */
    public Map<String, FlopCounter.Counts> flops() {
        return perPhase(body -> FlopFloor.count(body, warmup));
    }

    private <T> Map<String, T> perPhase(Function<IntConsumer, T> measure) {
        Phases p = phases();
        Map<String, T> out = new LinkedHashMap<>();
        p.model.train();
        out.put("train_step", measure.apply(p.train));
        p.model.eval();
        out.put("infer", measure.apply(p.infer));
        return out;
    }

    /** Kernels on against off in one process, as {@link NnBenchmark#pairedAb}: the training step and inference. */
    public List<NnBenchmark.PairedRatio> pairedAb(String offNames, int pairs) {
        Phases p = phases();
        String before = System.getProperty("mamori.kernels.off");
        try {
            p.model.train();
            NnBenchmark.PairedRatio train = NnBenchmark.paired("train_step", p.train, offNames, pairs, before, warmup);
            p.model.eval();
            return List.of(train, NnBenchmark.paired("infer", p.infer, offNames, pairs, before, warmup));
        } finally {
            NnBenchmark.restore(before);
        }
    }

    /** The suite's wave-2 JSON line (no input_grad_ms). */
    public String jsonLine(NnBenchmark.Result r, String version) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("engine", "mamori-" + version);
        o.put("case", r.caseName());
        o.put("batch", batch);
        o.put("params", r.params());
        o.put("train_step_ms", Math.round(r.trainStepMs() * 100) / 100.0);
        o.put("infer_ms", Math.round(r.inferMs() * 100) / 100.0);
        return o.toString();
    }

    private record Phases(CenterNet model, IntConsumer train, IntConsumer infer) {}

    private Phases phases() {
        Init.seed(0);
        CenterNet model = ModelRegistry.create(MODEL, CenterNet.class);
        INDArray x = Nd4j.getRandomFactory().getNewRandomInstance(0).nextDouble(new long[]{batch, 3, 64, 64}).castTo(DataType.FLOAT);
        CenterNetTargets.Batch t = targets(model.config);
        Adam adam = new Adam(model.trainableParameters(), 1e-3);
        return new Phases(model,
                i -> {
                    try (MemoryScope ignored = MemoryScope.open("bench-detector-train")) {
                        adam.zeroGrad();
                        CenterNet.Maps m = model.maps(Tensor.of(x));
                        Tensor loss = CenterNetLosses.focal(m.heatmap(), t.heatmap())
                                .add(CenterNetLosses.regL1(m.size(), t.index(), t.mask(), t.size()).mul(0.1))
                                .add(CenterNetLosses.regL1(m.offset(), t.index(), t.mask(), t.offset()));
                        loss.backward();
                        adam.step();
                    }
                },
                i -> {
                    try (MemoryScope ignored = MemoryScope.open("bench-detector-infer"); GradMode.Scope off = GradMode.noGrad()) {
                        model.maps(Tensor.of(x));
                    }
                });
    }

    /** 4 objects per image: centre uniform in [8, 56]^2, size uniform in [8, 32]^2, class uniform in {0, 1, 2}. */
    private CenterNetTargets.Batch targets(CenterNet.Config c) {
        SplittableRandom rng = new SplittableRandom(1);
        List<List<CenterNetTargets.Target>> images = new ArrayList<>();
        for (int n = 0; n < batch; n++) {
            List<CenterNetTargets.Target> objects = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                double cx = 8 + rng.nextDouble() * 48, cy = 8 + rng.nextDouble() * 48;
                double w = 8 + rng.nextDouble() * 24, h = 8 + rng.nextDouble() * 24;
                objects.add(new CenterNetTargets.Target(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, rng.nextInt(c.numClasses())));
            }
            images.add(objects);
        }
        return CenterNetTargets.forModel(c, 4).encode(images);
    }

    private String profiled(IntConsumer body) {
        for (int i = 0; i < warmup; i++) body.accept(i);
        OpProfiler.start();
        for (int i = 0; i < iterations; i++) body.accept(i);
        return "over " + iterations + " iterations:\n" + OpProfiler.stop();
    }

    public static void main(String[] args) {
        DetectorBenchmark b = standard();
        System.out.println(b.jsonLine(b.run(), "dev"));
    }
}
