package dev.mamori.autograd;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static dev.mamori.autograd.Gradients.doubles;
import static dev.mamori.autograd.Gradients.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Workspace scopes: what is kept (item(), keep, accumulated gradients) survives; reuse does not corrupt it. */
class MemoryScopeTest {

    @Test
    void keptValuesAndAccumulatedGradientsSurviveTheScope() {
        Tensor w = Tensor.param(doubles(new double[]{1, 2, 3}, 3));
        INDArray x = doubles(new double[]{0.5, -1, 2}, 3);
        double lossValue;
        INDArray kept;
        INDArray notKept;
        for (int step = 0; step < 3; step++) {
            try (MemoryScope scope = MemoryScope.open("test-step")) {
                Tensor loss = w.mul(Tensor.of(x.dup())).square().sum(); // sum((w x)^2), d/dw = 2 w x^2
                loss.backward();
                lossValue = loss.item();
                kept = MemoryScope.keep(loss.value().mul(10));
                notKept = loss.value();
                // scribble over workspace memory the next iteration will reuse
                Nd4j.valueArrayOf(new long[]{64}, 123.0);
            }
            assertThat(lossValue).isCloseTo(0.25 + 4 + 36, within(1e-12));
            assertThat(kept.isAttached()).isFalse();
            assertThat(kept.getDouble(0)).isCloseTo(402.5, within(1e-9));
            assertThat(notKept).isNotNull();
        }
        // three backward passes accumulated 3 * 2 w x^2, in an array that lives outside the workspace
        assertThat(w.grad().isAttached()).isFalse();
        assertThat(values(w.grad())).containsExactly(new double[]{3 * 2 * 0.25, 3 * 2 * 2 * 1, 3 * 2 * 3 * 4}, within(1e-12));
    }

    @Test
    void arraysMadeOutsideAreNotAttached() {
        try (MemoryScope scope = MemoryScope.open("test-outside")) {
            INDArray inside = Nd4j.zeros(3);
            INDArray outside = MemoryScope.outside(() -> Nd4j.zeros(3));
            assertThat(outside.isAttached()).isFalse();
            // when workspaces are on (the default), arrays made inside belong to the scope
            if (!Boolean.getBoolean("mamori.noWorkspaces")) assertThat(inside.isAttached()).isTrue();
        }
        assertThat(MemoryScope.keep(null)).isNull();
        INDArray plain = Nd4j.ones(2);
        assertThat(MemoryScope.keep(plain)).isSameAs(plain);
    }

    @Test
    void releaseFreesAWorkspaceOnlyWhenItIsNotInUse() {
        try (MemoryScope scope = MemoryScope.open("release-test")) {
            Nd4j.ones(64, 64).muli(2);
            MemoryScope.release("release-test"); // in use: nothing happens
            assertThat(Nd4j.getWorkspaceManager().checkIfWorkspaceExists("mamori-release-test")).isTrue();
        }
        MemoryScope.release("release-test");
        assertThat(Nd4j.getWorkspaceManager().checkIfWorkspaceExists("mamori-release-test")).isFalse();
        MemoryScope.release("never-opened"); // absent: nothing happens
        try (MemoryScope again = MemoryScope.open("release-test")) {
            assertThat(Nd4j.ones(4).sumNumber().doubleValue()).isEqualTo(4.0);
        }
    }
}
