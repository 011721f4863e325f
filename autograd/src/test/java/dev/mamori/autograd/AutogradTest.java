package dev.mamori.autograd;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static dev.mamori.autograd.Gradients.doubles;
import static dev.mamori.autograd.Gradients.uniform;
import static dev.mamori.autograd.Gradients.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The tape itself: backward vs grad, intermediate gradients, tape release, retained graphs, no-grad mode. */
class AutogradTest {

    /** loss = sum(tanh(x W) * c) with x used twice (through h and directly), so gradients must accumulate. */
    private static Tensor smallGraph(Tensor x, Tensor w, Tensor hOut[]) {
        Tensor h = x.matmul(w).tanh();
        if (hOut != null) hOut[0] = h;
        return h.mul(x.slice(1, 0, 2)).sum().add(x.square().mean());
    }

    @Test
    void gradAndBackwardAgreeAndGradLeavesAccumulatedGradientsAlone() {
        INDArray xv = uniform(1, -1, 1, 3, 4), wv = uniform(2, -1, 1, 4, 2);
        Tensor x = Tensor.variable(xv.dup()), w = Tensor.param(wv.dup());
        List<INDArray> viaGrad = Autograd.grad(smallGraph(x, w, null), List.of(x, w));
        assertThat(x.grad()).isNull();
        assertThat(w.grad()).isNull();

        smallGraph(x, w, null).backward();
        assertThat(values(x.grad())).containsExactly(values(viaGrad.get(0)), within(1e-12));
        assertThat(values(w.grad())).containsExactly(values(viaGrad.get(1)), within(1e-12));

        // a second forward/backward accumulates: the gradient doubles
        smallGraph(x, w, null).backward();
        assertThat(values(w.grad())).containsExactly(values(viaGrad.get(1).mul(2)), within(1e-12));
        w.zeroGrad();
        assertThat(w.grad()).isNull();
    }

    @Test
    void gradientOfAnIntermediateActivation() {
        Tensor x = Tensor.variable(uniform(3, -1, 1, 2, 3));
        Tensor w = Tensor.param(uniform(4, -1, 1, 3, 3));
        Tensor h = x.matmul(w);
        Tensor loss = h.square().sum(); // d loss / d h = 2 h
        INDArray gh = Autograd.grad(loss, h);
        assertThat(values(gh)).containsExactly(values(h.value().mul(2)), within(1e-12));

        Tensor h2 = x.matmul(w).retainGrad();
        h2.square().sum().backward();
        assertThat(values(h2.grad())).containsExactly(values(h2.value().mul(2)), within(1e-12));
        // a non-retained intermediate keeps no gradient
        Tensor h3 = x.matmul(w);
        h3.square().sum().backward();
        assertThat(h3.grad()).isNull();
    }

    @Test
    void gradWithRespectToBothAnIntermediateAndAnInput() {
        Tensor x = Tensor.variable(uniform(5, -1, 1, 2, 3));
        Tensor[] h = new Tensor[1];
        Tensor w = Tensor.param(uniform(6, -1, 1, 3, 2));
        Tensor loss = smallGraph(x, w, h);
        List<INDArray> g = Autograd.grad(loss, List.of(h[0], x));
        // d loss / d h = x[:, 0:2] (the other factor of the product)
        assertThat(values(g.get(0))).containsExactly(values(x.value().get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2))), within(1e-12));
        assertThat(g.get(1).shape()).containsExactly(2, 3);
    }

    @Test
    void unconnectedTensorsGetZerosAndNonTrackedOnesAreRejected() {
        Tensor x = Tensor.variable(uniform(7, -1, 1, 2));
        Tensor y = Tensor.variable(uniform(8, -1, 1, 3));
        assertThat(values(Autograd.grad(x.sum(), y))).containsExactly(0, 0, 0);
        Tensor c = Tensor.of(uniform(9, -1, 1, 2));
        assertThatThrownBy(() -> Autograd.grad(x.mul(c).sum(), c)).hasMessageContaining("does not require a gradient");
        assertThatThrownBy(() -> Autograd.grad(x.mul(2.0), x)).hasMessageContaining("scalar loss, got shape [2]");
        assertThatThrownBy(() -> c.sum().backward()).hasMessageContaining("does not require a gradient");
    }

    @Test
    void vectorJacobianProductWithAnUpstreamGradient() {
        Tensor x = Tensor.variable(doubles(new double[]{1, 2, 3}, 3));
        Tensor y = x.square();
        INDArray g = Autograd.grad(y, doubles(new double[]{1, 0, -1}, 3), List.of(x)).get(0);
        assertThat(values(g)).containsExactly(2, 0, -6);
        assertThatThrownBy(() -> Autograd.grad(x.square(), doubles(new double[]{1, 0}, 2), List.of(x)))
                .hasMessageContaining("upstream gradient shape [2] does not match output shape [3]");
    }

    @Test
    void aSecondBackwardThroughAReleasedTapeIsAnError() {
        Tensor x = Tensor.variable(uniform(10, -1, 1, 2, 2));
        Tensor loss = x.exp().sum();
        loss.backward();
        assertThatThrownBy(loss::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already used by a backward pass and released")
                .hasMessageContaining("gradRetainingGraph");
        Tensor loss2 = x.exp().sum();
        Autograd.grad(loss2, x);
        assertThatThrownBy(() -> Autograd.grad(loss2, x)).hasMessageContaining("released");
    }

    @Test
    void gradRetainingGraphAllowsRepeatedGradients() {
        Tensor x = Tensor.variable(uniform(11, -1, 1, 2, 2));
        Tensor loss = x.exp().sum();
        INDArray first = Autograd.gradRetainingGraph(loss, List.of(x)).get(0);
        INDArray second = Autograd.gradRetainingGraph(loss, List.of(x)).get(0);
        assertThat(values(first)).containsExactly(values(org.nd4j.linalg.ops.transforms.Transforms.exp(x.value(), true)), within(1e-12));
        assertThat(values(second)).containsExactly(values(first));
        loss.backward(); // still usable, and now released
        assertThat(values(x.grad())).containsExactly(values(first), within(1e-12));
        assertThatThrownBy(loss::backward).hasMessageContaining("released");
    }

    @Test
    void noGradRecordsNothingAndScopesNest() {
        Tensor x = Tensor.variable(uniform(12, -1, 1, 3));
        assertThat(GradMode.isEnabled()).isTrue();
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor y = x.mul(2.0).exp().sum();
            assertThat(y.requiresGrad()).isFalse();
            assertThat(y.op()).isNull();
            assertThat(y.isLeaf()).isTrue();
            try (GradMode.Scope on = GradMode.enableGrad()) {
                assertThat(x.mul(2.0).op()).isEqualTo("mul_scalar");
            }
            assertThat(GradMode.isEnabled()).isFalse();
            try (GradMode.Scope nested = GradMode.noGrad()) {
                assertThat(GradMode.isEnabled()).isFalse();
            }
            assertThat(GradMode.isEnabled()).isFalse();
        }
        assertThat(GradMode.isEnabled()).isTrue();
        assertThat(x.mul(2.0).requiresGrad()).isTrue();
    }

    @Test
    void detachCutsTheTape() {
        Tensor x = Tensor.variable(doubles(new double[]{1, 2}, 2));
        Tensor y = x.mul(x.detach()); // d/dx = x (the detached factor is a constant)
        assertThat(values(Autograd.grad(y.sum(), x))).containsExactly(1, 2);
        assertThat(x.detach().requiresGrad()).isFalse();
        assertThat(x.detach().value()).isSameAs(x.value());
    }

    @Test
    void opCountsListTheTape() {
        Tensor x = Tensor.variable(uniform(13, -1, 1, 2, 2));
        Tensor loss = x.relu().add(x.relu()).sum();
        assertThat(Autograd.opCounts(loss)).containsEntry("relu", 2).containsEntry("add", 1).containsEntry("sum", 1);
    }

    @Test
    void leafAndResultRules() {
        Tensor x = Tensor.variable(uniform(14, -1, 1, 2));
        Tensor y = x.exp();
        assertThatThrownBy(() -> y.setValue(Nd4j.zeros(2))).hasMessageContaining("only for leaf tensors");
        assertThatThrownBy(() -> y.requiresGrad(false)).hasMessageContaining("use detach()");
        assertThatThrownBy(y::item).hasMessageContaining("one-element tensor, got shape [2]");
        assertThat(y.toString()).contains("op=exp").contains("requiresGrad");
        assertThat(x.name("input").toString()).contains("input[2]");
    }
}
