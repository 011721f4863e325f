package dev.mamori.eval.bench.samediff;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The SameDiff twins of the suite's models: the suite's parameter counts and shapes, and that they train. */
class SdClassifierTest {
    private static final int BATCH = 8;

    static INDArray images(int batch, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[batch * 28 * 28];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble();
        return Nd4j.create(v, new long[]{batch, 1, 28, 28});
    }

    static int[] labels(int batch) {
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) y[i] = i % 10;
        return y;
    }

    @ParameterizedTest
    @CsvSource({
            "convmixer, 166538, '8,7,7,128'",
            "vit,       456394, '8,50,96'",
            "resnet,    701178, '8,4,4,128'"})
    void buildsTheSuiteModelAndTrainingLowersTheLoss(String caseName, long parameters, String featureShape) {
        SdClassifier model = SdClassifier.create(caseName, BATCH, 0, 1e-3);
        assertThat(model.parameterCount()).isEqualTo(parameters);

        INDArray x = images(BATCH, 1);
        int[] y = labels(BATCH);
        long[] expectedFeatures = java.util.Arrays.stream(featureShape.split(",")).mapToLong(Long::parseLong).toArray();
        assertThat(model.inferenceOutput(x, SdArchitecture.FEATURES).shape()).containsExactly(expectedFeatures);
        INDArray logits = model.logits(x);
        assertThat(logits.shape()).containsExactly(BATCH, 10);
        // the graph's loss is the mean cross-entropy of its logits
        assertThat(model.loss(x, y)).isCloseTo(meanCrossEntropy(logits, y), within(1e-4));

        double first = model.trainStep(x, y);
        double last = first;
        for (int step = 0; step < 5; step++) last = model.trainStep(x, y);
        assertThat(first).isBetween(1.5, 3.5); // about ln 10 at initialization
        assertThat(last).isLessThan(first - 0.05);

        INDArray gradient = model.inputGradient(x, y);
        assertThat(gradient.shape()).containsExactly(BATCH, 1, 28, 28);
        assertThat(gradient.norm2Number().doubleValue()).isPositive().isFinite();
    }

    /** d loss / d input against a central difference along the gradient direction (inference mode). */
    @ParameterizedTest
    @CsvSource({"vit", "resnet"})
    void inputGradientMatchesFiniteDifferences(String caseName) {
        int batch = 4;
        SdClassifier model = SdClassifier.create(caseName, batch, 3, 1e-3);
        INDArray x = images(batch, 2);
        int[] y = labels(batch);
        INDArray g = model.inputGradient(x, y);
        double norm = g.norm2Number().doubleValue();
        INDArray direction = g.div(norm);
        double h = 0.05;
        double numeric = (model.loss(x.add(direction.mul(h)), y) - model.loss(x.sub(direction.mul(h)), y)) / (2 * h);
        assertThat(numeric).isCloseTo(norm, within(0.01 * norm)); // agreed to ~0.05% when written
    }

    /** Adam's first step moves each weight by about lr against its gradient's sign, and updates every parameter. */
    @Test
    void oneStepIsAnAdamStepOnEveryParameter() {
        SdClassifier model = SdClassifier.create("resnet", BATCH, 0, 1e-3);
        Map<String, INDArray> before = new HashMap<>();
        model.parameters().forEach((n, p) -> before.put(n, p.dup()));
        model.trainStep(images(BATCH, 1), labels(BATCH));
        long moved = 0, total = 0;
        for (Map.Entry<String, INDArray> p : model.parameters().entrySet()) {
            INDArray delta = Nd4j.math().abs(p.getValue().sub(before.get(p.getKey())));
            assertThat(delta.maxNumber().doubleValue()).as(p.getKey()).isGreaterThan(5e-4).isLessThanOrEqualTo(1.001e-3);
            moved += delta.gt(0.9e-3).castTo(DataType.INT).sumNumber().longValue();
            total += delta.length();
        }
        assertThat((double) moved / total).isGreaterThan(0.9);
    }

    @Test
    void runningStatisticsFollowPyTorch() {
        SdWeights.RunningStats s = new SdWeights(0).runningStats("bn", 2);
        s.update(Nd4j.createFromArray(1f, 2f).reshape(1, 2), Nd4j.createFromArray(4f, 8f).reshape(1, 2), 5);
        // momentum 0.1; the variance folded in is the unbiased one (x 5/4)
        assertThat(s.mean().toFloatVector()).containsExactly(new float[]{0.1f, 0.2f}, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(s.variance().toFloatVector()).containsExactly(new float[]{1.4f, 1.9f}, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void rejectsInputsOfTheWrongShapeOrLabels() {
        SdClassifier model = SdClassifier.create("resnet", 2, 0, 1e-3);
        assertThatThrownBy(() -> model.logits(images(3, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 1, 28, 28]").hasMessageContaining("[3, 1, 28, 28]");
        assertThatThrownBy(() -> model.trainStep(images(2, 0), new int[]{0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels: expected 2");
        assertThatThrownBy(() -> model.inputGradient(images(2, 0), new int[]{0, 10}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels[1] = 10");
        assertThatThrownBy(() -> SdClassifier.create("lenet", 2, 0, 1e-3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown benchmark case 'lenet'");
    }

    static double meanCrossEntropy(INDArray logits, int[] labels) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double max = Double.NEGATIVE_INFINITY, z = 0;
            for (int c = 0; c < logits.size(1); c++) max = Math.max(max, logits.getDouble(i, c));
            for (int c = 0; c < logits.size(1); c++) z += Math.exp(logits.getDouble(i, c) - max);
            sum += Math.log(z) + max - logits.getDouble(i, labels[i]);
        }
        return sum / labels.length;
    }
}
