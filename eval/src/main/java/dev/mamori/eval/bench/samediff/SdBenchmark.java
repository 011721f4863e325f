package dev.mamori.eval.bench.samediff;

import dev.mamori.eval.bench.NnBenchmark;
import dev.mamori.eval.bench.SuiteProtocol;
import dev.mamori.eval.report.RuntimeVersions;
import org.nd4j.linalg.api.ndarray.INDArray;


/**
 * The suite of shared/bench/SUITE.md run on SameDiff instead of Mamori's eager tape, with {@link NnBenchmark}'s
 * protocol: uniform random [128, 1, 28, 28] input in [0, 1], labels i % 10, mean cross-entropy, Adam lr 1e-3; for each
 * of training step, inference and input gradient, 3 warm-up iterations then the mean of 10 timed ones. Graph building
 * and differentiation happen before timing, as a SameDiff user would build once and run many steps.
 */
public final class SdBenchmark {
    /** The engine field of the JSON lines: "samediff-" and the ND4J version on the class path. */
    public static final String ENGINE = "samediff-" + RuntimeVersions.nd4jVersion();

    private final SuiteProtocol protocol;

    public SdBenchmark(SuiteProtocol protocol) {
        this.protocol = protocol;
    }

    public static SdBenchmark standard() {
        return new SdBenchmark(SuiteProtocol.standard());
    }

    /** Times one case; the result has the same shape as Mamori's so that both print and compare alike. */
    public NnBenchmark.Result run(String caseName) {
        SdClassifier model = SdClassifier.create(caseName, protocol.batch(), 0, 1e-3);
        INDArray x = protocol.input();
        int[] labels = protocol.labels();
        double train = protocol.meanMillis(i -> model.trainStep(x, labels));
        double infer = protocol.meanMillis(i -> model.logits(x));
        double inputGrad = protocol.meanMillis(i -> model.inputGradient(x, labels));
        return new NnBenchmark.Result(caseName, model.parameterCount(), train, infer, inputGrad);
    }

    /** The suite's JSON line for a result, engine {@link #ENGINE}. */
    public String jsonLine(NnBenchmark.Result r) {
        return protocol.jsonLine(ENGINE, r);
    }
}
