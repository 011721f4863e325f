package dev.mamori.autograd;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static dev.mamori.autograd.Gradients.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gradient checker must catch a wrong backward rule (otherwise every other gradient test proves nothing). */
class GradCheckTest {

    @Test
    void detectsAWrongBackwardRuleAndNamesTheInput() {
        INDArray a = uniform(1, -1, 1, 2, 3), b = uniform(2, -1, 1, 2, 3);
        // a * b whose backward forgets the factor for b's gradient
        GradCheck.Result r = GradCheck.check(v -> Tensor.result("bad_mul", v.get(0).value().mul(v.get(1).value()),
                (g, needs) -> new INDArray[]{g.mul(v.get(1).value()), g}, v.get(0), v.get(1)), List.of(a, b), 1e-6, 1e-7, 1e-5, 3);
        assertThat(r.passed()).isFalse();
        assertThat(r.worstInput()).isEqualTo(1);
        assertThat(r.maxAbsError()).isGreaterThan(1e-3);
        assertThat(r.toString()).contains("FAILED");

        GradCheck.Result ok = GradCheck.check(v -> v.get(0).mul(v.get(1)), List.of(a, b), 1e-6, 1e-7, 1e-5, 3);
        assertThat(ok.passed()).as(ok.toString()).isTrue();
        assertThat(ok.maxAbsError()).isLessThan(1e-8);
    }

    @Test
    void needsFloat64Inputs() {
        assertThatThrownBy(() -> GradCheck.check(v -> v.get(0), List.of(uniform(1, 0, 1, 2).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)),
                1e-3, 1e-3, 1e-3, 1)).hasMessageContaining("float64");
    }

    @Test
    void opProfilerCountsForwardAndBackwardOps() {
        OpProfiler.start();
        Tensor x = Tensor.variable(uniform(3, -1, 1, 4));
        x.exp().sum().backward();
        String table = OpProfiler.stop();
        assertThat(table).contains("exp").contains("sum").contains("total");
        assertThat(table.lines().filter(l -> l.startsWith("exp")).findFirst().orElseThrow()).matches("exp\\s+1\\s+\\S+\\s+1\\s+\\S+");
    }
}
