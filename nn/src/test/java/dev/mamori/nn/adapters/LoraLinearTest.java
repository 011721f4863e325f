package dev.mamori.nn.adapters;

import dev.mamori.autograd.GradCheck;
import dev.mamori.autograd.Tensor;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.Linear;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** LoraLinear and LoraConv2d: zero-initialised B, frozen base, gradients, merging, gradient check, errors. */
class LoraLinearTest {

    static INDArray random(long seed, long... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        long n = 1;
        for (long s : shape) n *= s;
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = rng.nextDouble() * 2 - 1;
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(DataType.FLOAT);
    }

    static double maxAbsDiff(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    @Test
    void newAdapterGivesExactlyTheBaseOutputAndHasLoraLibNamesAndShapes() {
        Init.seed(1);
        Linear base = new Linear(12, 7);
        LoraLinear lora = new LoraLinear(base, 3, 6);
        INDArray x = random(2, 4, 5, 12);
        INDArray want = base.call(Tensor.of(x)).value();
        INDArray got = lora.call(Tensor.of(x)).value();
        assertThat(maxAbsDiff(got, want)).isEqualTo(0.0);
        assertThat(lora.namedParameters().keySet()).containsExactly("weight", "bias", "lora_A", "lora_B");
        assertThat(lora.loraA.shape()).containsExactly(3, 12);
        assertThat(lora.loraB.shape()).containsExactly(7, 3);
        assertThat(lora.loraB.value().amaxNumber().doubleValue()).isEqualTo(0.0);
        assertThat(lora.scaling).isEqualTo(2.0);
        // Kaiming-uniform with PyTorch's default a = sqrt(5): U(-1/sqrt(in), 1/sqrt(in)), and not all zero
        double bound = 1 / Math.sqrt(12);
        assertThat(lora.loraA.value().amaxNumber().doubleValue()).isLessThanOrEqualTo(bound).isGreaterThan(bound / 2);
        assertThat(lora.trainableParameters().keySet()).containsExactly("lora_A", "lora_B");
        assertThat(lora.toString()).contains("lora_rank=3");
    }

    @Test
    void gradientsReachOnlyTheAdapterAndMatchTheClosedForm() {
        Init.seed(3);
        LoraLinear lora = new LoraLinear(new Linear(6, 5), 2, 4);
        lora.loraB.value().assign(random(4, 5, 2));
        INDArray x = random(5, 3, 6);
        INDArray up = random(6, 3, 5);
        Tensor y = lora.call(Tensor.of(x));
        y.backward(up);
        assertThat(lora.weight.grad()).isNull();
        assertThat(lora.bias.grad()).isNull();
        // dL/dB = s * up^T (x A^T), dL/dA = s * B^T up^T x
        double s = lora.scaling;
        INDArray xa = x.mmul(lora.loraA.value().transpose());
        assertThat(maxAbsDiff(lora.loraB.grad(), up.transpose().mmul(xa).mul(s))).isLessThan(1e-5);
        INDArray wantA = lora.loraB.value().transpose().mmul(up.transpose()).mmul(x).mul(s);
        assertThat(maxAbsDiff(lora.loraA.grad(), wantA)).isLessThan(1e-5);
    }

    @Test
    void mergedLinearEqualsTheAdaptedOneAndRestoresTrainability() {
        Init.seed(5);
        Linear base = new Linear(16, 9);
        base.bias.requiresGrad(false); // the merged layer gets back the base's own flags
        LoraLinear lora = new LoraLinear(base, 4, 8);
        lora.loraB.value().assign(random(7, 9, 4));
        INDArray x = random(8, 10, 16);
        INDArray adapted = lora.call(Tensor.of(x)).value();
        assertThat(maxAbsDiff(adapted, base.call(Tensor.of(x)).value())).isGreaterThan(0.1); // the adapter matters
        Linear merged = lora.merged();
        assertThat(merged).isNotInstanceOf(LoraLinear.class);
        assertThat(merged.namedParameters().keySet()).containsExactly("weight", "bias");
        assertThat(maxAbsDiff(merged.call(Tensor.of(x)).value(), adapted)).isLessThan(1e-5);
        assertThat(maxAbsDiff(merged.weight.value(), base.weight.value().add(lora.delta()))).isEqualTo(0.0);
        assertThat(merged.weight.requiresGrad()).isTrue();
        assertThat(merged.bias.requiresGrad()).isFalse();
    }

    @Test
    void forwardPassesGradientCheckInFloat64() {
        List<INDArray> inputs = List.of(
                random(11, 2, 3, 5).castTo(DataType.DOUBLE),   // x
                random(12, 4, 5).castTo(DataType.DOUBLE),      // W [out, in]
                random(13, 4).castTo(DataType.DOUBLE),         // b
                random(14, 2, 5).castTo(DataType.DOUBLE),      // A [r, in]
                random(15, 4, 2).castTo(DataType.DOUBLE));     // B [out, r]
        GradCheck.Result r = GradCheck.check(t -> LoraLinear.compute(t.get(0), t.get(1), t.get(2), t.get(3), t.get(4), 1.5),
                inputs, 1e-6, 1e-7, 1e-5, 42);
        assertThat(r.passed()).as(r.toString()).isTrue();
    }

    @Test
    void pointwiseConvAdapterStartsAtTheBaseAndMergesExactly() {
        Init.seed(9);
        Conv2d base = new Conv2d(6, 8, 1);
        LoraConv2d lora = new LoraConv2d(base, 2, 2);
        INDArray x = random(10, 2, 6, 5, 5);
        assertThat(maxAbsDiff(lora.call(Tensor.of(x)).value(), base.call(Tensor.of(x)).value())).isEqualTo(0.0);
        assertThat(lora.trainableParameters().keySet()).containsExactly("lora_A", "lora_B");
        lora.loraB.value().assign(random(11, 8, 2, 1, 1));
        INDArray adapted = lora.call(Tensor.of(x)).value();
        assertThat(maxAbsDiff(adapted, base.call(Tensor.of(x)).value())).isGreaterThan(0.1);
        assertThat(maxAbsDiff(lora.merged().call(Tensor.of(x)).value(), adapted)).isLessThan(1e-5);
    }

    @Test
    void invalidConfigurationsAreClearErrors() {
        Linear base = new Linear(4, 4);
        assertThatThrownBy(() -> new LoraLinear(base, 0, 1)).hasMessageContaining("rank must be >= 1");
        assertThatThrownBy(() -> new LoraLinear(base, 2, 0)).hasMessageContaining("alpha must be > 0");
        assertThatThrownBy(() -> new LoraLinear(new LoraLinear(base, 2, 2), 2, 2)).hasMessageContaining("already has a LoRA adapter");
        assertThatThrownBy(() -> new LoraConv2d(new Conv2d(4, 4, 3), 2, 2)).hasMessageContaining("pointwise ones only");
    }
}
