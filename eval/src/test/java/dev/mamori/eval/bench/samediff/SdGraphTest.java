package dev.mamori.eval.bench.samediff;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/** The hand-written layers against direct computations. */
class SdGraphTest {
    private static final float[] VALUES = {-2.5f, -1f, -0.3f, 0f, 0.4f, 1f, 1.7f, 3f};

    private static INDArray run(SdGraph g, SDVariable out, INDArray input) {
        return g.sd.outputSingle(Map.of("x", input), out.name());
    }

    @Test
    void geluIsTheExactErfForm() {
        SdGraph g = new SdGraph(SameDiff.create(), SdGraph.Mode.INFERENCE, new SdWeights(0));
        SDVariable x = g.sd.placeHolder("x", DataType.FLOAT, VALUES.length);
        float[] y = run(g, g.geluExact(x), Nd4j.createFromArray(VALUES)).toFloatVector();
        // PyTorch's F.gelu (approximate='none'): gelu(1) = 0.8413447, gelu(-1) = -0.1586553, gelu(3) = 2.9959502
        assertThat(y[5]).isCloseTo(0.8413447f, offset(1e-6f));
        assertThat(y[1]).isCloseTo(-0.1586553f, offset(1e-6f));
        assertThat(y[7]).isCloseTo(2.9959502f, offset(1e-6f));
        assertThat(y[3]).isZero();
    }

    @Test
    void trainingBatchNormNormalizesEachChannelOverBatchAndSpace() {
        SdWeights weights = new SdWeights(0);
        SdGraph g = new SdGraph(SameDiff.create(), SdGraph.Mode.TRAINING, weights);
        long[] shape = {2, 3, 3, 4};
        SDVariable x = g.sd.placeHolder("x", DataType.FLOAT, shape);
        SDVariable y = g.batchNorm("bn", x, shape);
        INDArray input = Nd4j.rand(DataType.FLOAT, shape).mul(5).add(Nd4j.createFromArray(1f, -2f, 3f, 10f));
        INDArray out = run(g, y, input);
        assertThat(out.shape()).containsExactly(shape);
        INDArray mean = out.mean(0, 1, 2), variance = out.var(false, 0, 1, 2);
        for (int c = 0; c < 4; c++) {
            assertThat(mean.getDouble(c)).isCloseTo(0, offset(1e-5));
            assertThat(variance.getDouble(c)).isCloseTo(1, offset(1e-3)); // eps 1e-5 against a variance of ~2
        }
        assertThat(g.batchStats()).singleElement().satisfies(s -> assertThat(s.count()).isEqualTo(18));
    }

    @Test
    void inferenceBatchNormUsesTheRunningStatistics() {
        SdWeights weights = new SdWeights(0);
        SdWeights.RunningStats running = weights.runningStats("bn", 2);
        running.mean().assign(Nd4j.createFromArray(1f, -1f));
        running.variance().assign(Nd4j.createFromArray(4f, 0.25f));
        SdGraph g = new SdGraph(SameDiff.create(), SdGraph.Mode.INFERENCE, weights);
        long[] shape = {1, 1, 2, 2};
        SDVariable x = g.sd.placeHolder("x", DataType.FLOAT, shape);
        SDVariable y = g.batchNorm("bn", x, shape);
        float[] out = run(g, y, Nd4j.createFromArray(3f, 0f, -1f, 1f).reshape(shape)).ravel().toFloatVector();
        double eps = 1e-5;
        assertThat(out[0]).isCloseTo((float) (2 / Math.sqrt(4 + eps)), offset(1e-6f));
        assertThat(out[1]).isCloseTo((float) (1 / Math.sqrt(0.25 + eps)), offset(1e-5f));
        assertThat(out[2]).isCloseTo((float) (-2 / Math.sqrt(4 + eps)), offset(1e-6f));
        assertThat(out[3]).isCloseTo((float) (2 / Math.sqrt(0.25 + eps)), offset(1e-5f));
        // the running statistics are read when the graph runs, not copied when it is built
        running.mean().assign(0);
        assertThat(run(g, y, Nd4j.createFromArray(3f, 0f, -1f, 1f).reshape(shape)).getFloat(0)).isCloseTo((float) (3 / Math.sqrt(4 + eps)), offset(1e-6f));
    }

    @Test
    void layerNormNormalizesEachRow() {
        SdGraph g = new SdGraph(SameDiff.create(), SdGraph.Mode.TRAINING, new SdWeights(0));
        SDVariable x = g.sd.placeHolder("x", DataType.FLOAT, 2, 4);
        INDArray input = Nd4j.createFromArray(new float[][]{{1, 2, 3, 4}, {-1, 0, 0, 5}});
        INDArray out = run(g, g.layerNorm("ln", x, 2, 4, 1e-6), input);
        INDArray expected = input.subColumnVector(input.mean(true, 1)).divColumnVector(Nd4j.math().sqrt(input.var(false, 1).reshape(2, 1).add(1e-6)));
        float[] got = out.ravel().toFloatVector(), want = expected.castTo(DataType.FLOAT).ravel().toFloatVector();
        assertThat(got).containsExactly(want, offset(1e-5f));
    }

    @Test
    void trainingAndInferenceGraphsShareParameterArrays() {
        SdWeights weights = new SdWeights(0);
        SdGraph a = new SdGraph(SameDiff.create(), SdGraph.Mode.TRAINING, weights);
        SdGraph b = new SdGraph(SameDiff.create(), SdGraph.Mode.INFERENCE, weights);
        SDVariable wa = a.parameter("w", SdWeights.Init.uniformFanIn(4), 4, 3);
        SDVariable wb = b.parameter("w", SdWeights.Init.uniformFanIn(4), 4, 3);
        assertThat(wa.getArr()).isSameAs(wb.getArr()).isSameAs(weights.parameters().get("w"));
        assertThat(wa.getArr().maxNumber().doubleValue()).isLessThanOrEqualTo(0.5).isGreaterThan(0);
    }
}
