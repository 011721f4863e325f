package dev.mamori.generative.schedulers;

import dev.mamori.autograd.Tensor;
import org.junit.jupiter.api.Test;

import static dev.mamori.generative.schedulers.NoiseScheduleTest.assertClose;
import static dev.mamori.generative.schedulers.NoiseScheduleTest.gaussian;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Guidance: scale 1 is the conditional prediction, scale 0 the unconditional one, and the batched form agrees. */
class ClassifierFreeGuidanceTest {

    @Test
    void combinations() {
        Tensor uncond = Tensor.of(gaussian(1, 2, 3)), cond = Tensor.of(gaussian(2, 2, 3));
        assertClose(ClassifierFreeGuidance.combine(uncond, cond, 1), cond);
        assertClose(ClassifierFreeGuidance.combine(uncond, cond, 0), uncond);
        assertClose(ClassifierFreeGuidance.combine(uncond, cond, 7.5), uncond.mul(-6.5).add(cond.mul(7.5)));
        Tensor batched = Tensor.cat(java.util.List.of(uncond, cond), 0);
        assertClose(ClassifierFreeGuidance.combineHalves(batched, 7.5), ClassifierFreeGuidance.combine(uncond, cond, 7.5));
        assertThatThrownBy(() -> ClassifierFreeGuidance.combineHalves(Tensor.of(gaussian(3, 3, 2)), 2)).hasMessageContaining("even batch");
    }
}
