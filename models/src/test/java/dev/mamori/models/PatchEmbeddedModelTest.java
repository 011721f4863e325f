package dev.mamori.models;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.adapters.Lora;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.init.Init;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PatchEmbeddedModelTest {

    private static PatchEmbeddedModel small(String family) {
        Init.seed(3);
        Map<String, Object> o = family.equals("vit")
                ? Map.of("imageSize", 16, "patchSize", 4, "inChannels", 3, "numClasses", 5, "embedDim", 24, "depth", 2, "heads", 2)
                : Map.of("dim", 16, "depth", 2, "kernelSize", 3, "patchSize", 4, "inChannels", 3, "numClasses", 5, "imageSize", 16);
        return ModelRegistry.create(family, o, PatchEmbeddedModel.class);
    }

    /** forward(x) = head(featuresFromEmbedding(patchEmbedding(x))), bit for bit: the stages are the forward pass. */
    @ParameterizedTest
    @ValueSource(strings = {"vit", "convmixer"})
    void theStagesComposeToTheForwardPass(String family) {
        PatchEmbeddedModel m = small(family);
        Classifier c = m.asClassifier();
        c.eval();
        Tensor x = Tensor.of(Nd4j.rand(DataType.FLOAT, 3, 3, 16, 16));
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            INDArray whole = c.call(x).value();
            INDArray staged = m.head().call(m.featuresFromEmbedding(m.patchEmbedding().call(x))).value();
            assertThat(staged.equals(whole)).isTrue();
            assertThat(m.featuresFromEmbedding(m.patchEmbedding().call(x)).shape()).containsExactly(3, m.embedDim());
        }
    }

    /** The paths name the parts in the model's own parameter names, and a new embedding has the same structure. */
    @ParameterizedTest
    @ValueSource(strings = {"vit", "convmixer"})
    void pathsNameTheParts(String family) {
        PatchEmbeddedModel m = small(family);
        Classifier c = m.asClassifier();
        assertThat(c.module(m.patchEmbeddingPath())).isSameAs(m.patchEmbedding());
        assertThat(c.module(m.patchProjectionPath())).isSameAs(m.patchProjection());
        assertThat(c.module(m.headPath())).isSameAs(m.head());
        assertThat(c.stateDict()).containsKeys(m.patchProjectionPath() + ".weight", m.patchProjectionPath() + ".bias", m.headPath() + ".weight");
        Conv2d proj = m.patchProjection();
        assertThat(proj.kernel).containsExactly(m.patchSize(), m.patchSize());
        assertThat(proj.stride).containsExactly(m.patchSize(), m.patchSize());

        Module fresh = m.newPatchEmbedding();
        assertThat(fresh.stateDict().keySet()).isEqualTo(m.patchEmbedding().stateDict().keySet());
        assertThat(m.projectionOf(fresh)).isNotSameAs(proj);
        assertThat(m.projectionOf(fresh).weight.shape()).isEqualTo(proj.weight.shape());
    }

    /** The adapter targets match the backbone's mixing layers and nothing of the embedding or head. */
    @ParameterizedTest
    @ValueSource(strings = {"vit", "convmixer"})
    void adapterTargetsAreTheBackbonesMixingLayers(String family) {
        PatchEmbeddedModel m = small(family);
        var paths = Lora.apply(m.asClassifier(), 2, 4, m.adapterTargets());
        assertThat(paths).hasSize(family.equals("vit") ? 8 : 2)
                .noneMatch(p -> p.startsWith(m.patchEmbeddingPath()) || p.startsWith(m.headPath()));
    }
}
