package dev.mamori.eval.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.IntConsumer;

/**
 * The measuring protocol of shared/bench/SUITE.md, shared by every engine's benchmark (Mamori's tape, SameDiff): the
 * input batch, the labels, the warm-up and timed iterations, and the JSON line.
 */
public record SuiteProtocol(int batch, int warmup, int iterations) {

    /** SUITE.md: batch 128, 3 warm-up iterations, the mean of 10. */
    public static SuiteProtocol standard() {
        return new SuiteProtocol(128, 3, 10);
    }

    /** Uniform random [batch, 1, 28, 28] in [0, 1] (a Fashion-MNIST batch), float32, the same for every engine. */
    public INDArray input() {
        return Nd4j.getRandomFactory().getNewRandomInstance(0).nextDouble(new long[]{batch, 1, 28, 28}).castTo(DataType.FLOAT);
    }

    /** Labels i % 10. */
    public int[] labels() {
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = i % 10;
        return labels;
    }

    /** The warm-up iterations, then the mean wall time of the timed ones in milliseconds. */
    public double meanMillis(IntConsumer body) {
        for (int i = 0; i < warmup; i++) body.accept(i);
        long t = System.nanoTime();
        for (int i = 0; i < iterations; i++) body.accept(i);
        return (System.nanoTime() - t) / 1e6 / iterations;
    }

    /** The suite's JSON line for a result of the named engine (e.g. "mamori-0.1.0", "samediff-1.0.0-M2.1"). */
    public String jsonLine(String engine, NnBenchmark.Result r) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("engine", engine);
        o.put("case", r.caseName());
        o.put("batch", batch);
        o.put("params", r.params());
        o.put("train_step_ms", Math.round(r.trainStepMs() * 100) / 100.0);
        o.put("infer_ms", Math.round(r.inferMs() * 100) / 100.0);
        if (!Double.isNaN(r.inputGradMs())) o.put("input_grad_ms", Math.round(r.inputGradMs() * 100) / 100.0);  // wave 2: not measured
        return o.toString();
    }
}
