package dev.mamori.eval.bench.samediff;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.eval.bench.NnBenchmark;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import java.util.function.IntConsumer;

/**
 * The suite of shared/bench/SUITE.md run on SameDiff instead of Mamori's eager tape, with {@link NnBenchmark}'s
 * protocol: uniform random [128, 1, 28, 28] input in [0, 1], labels i % 10, mean cross-entropy, Adam lr 1e-3; for each
 * of training step, inference and input gradient, 3 warm-up iterations then the mean of 10 timed ones. Graph building
 * and differentiation happen before timing, as a SameDiff user would build once and run many steps.
 */
public final class SdBenchmark {
    /** The engine field of the JSON lines: "samediff-" and the ND4J version on the class path. */
    public static final String ENGINE = "samediff-" + nd4jVersion();

    private final int batch, warmup, iterations;

    public SdBenchmark(int batch, int warmup, int iterations) {
        this.batch = batch;
        this.warmup = warmup;
        this.iterations = iterations;
    }

    public static SdBenchmark standard() {
        return new SdBenchmark(128, 3, 10);
    }

    /** Times one case; the result has the same shape as Mamori's so that both print and compare alike. */
    public NnBenchmark.Result run(String caseName) {
        SdClassifier model = SdClassifier.create(caseName, batch, 0, 1e-3);
        INDArray x = Nd4j.getRandomFactory().getNewRandomInstance(0).nextDouble(new long[]{batch, 1, 28, 28}).castTo(DataType.FLOAT);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = i % 10;
        double train = time(i -> model.trainStep(x, labels));
        double infer = time(i -> model.logits(x));
        double inputGrad = time(i -> model.inputGradient(x, labels));
        return new NnBenchmark.Result(caseName, model.parameterCount(), train, infer, inputGrad);
    }

    private double time(IntConsumer body) {
        for (int i = 0; i < warmup; i++) body.accept(i);
        long t = System.nanoTime();
        for (int i = 0; i < iterations; i++) body.accept(i);
        return (System.nanoTime() - t) / 1e6 / iterations;
    }

    /** The suite's JSON line for a result, engine {@link #ENGINE}. */
    public String jsonLine(NnBenchmark.Result r) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("engine", ENGINE);
        o.put("case", r.caseName());
        o.put("batch", batch);
        o.put("params", r.params());
        o.put("train_step_ms", Math.round(r.trainStepMs() * 100) / 100.0);
        o.put("infer_ms", Math.round(r.inferMs() * 100) / 100.0);
        o.put("input_grad_ms", Math.round(r.inputGradMs() * 100) / 100.0);
        return o.toString();
    }

    /** The version of nd4j-api on the class path, from its Maven metadata. */
    static String nd4jVersion() {
        try (InputStream in = SameDiff.class.getResourceAsStream("/META-INF/maven/org.nd4j/nd4j-api/pom.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("reading nd4j-api's pom.properties", e);
        }
    }

    public static void main(String[] args) {
        SdBenchmark b = standard();
        for (String c : args.length > 0 ? List.of(args) : SdClassifier.cases()) System.out.println(b.jsonLine(b.run(c)));
    }
}
