package dev.mamori.models.text;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.models.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClipModelTest {
    static ClipModel tiny(int vocab) {
        return new ClipModel(new ClipModel.Config(vocab, 6, 16, 2, 2, 8, 4, 3, 16, 1, 2, 12, 2, "quick_gelu"));
    }

    @Test
    void hasTransformersNamesAndSharesItsTextTower() {
        ClipModel clip = ModelRegistry.create("clip_emoji_32", Map.of("vocabSize", 50), ClipModel.class);
        assertThat(clip.namedParameters()).containsKeys("text_model.embeddings.token_embedding.weight",
                "text_model.embeddings.position_embedding.weight", "text_model.encoder.layers.3.self_attn.q_proj.bias",
                "text_model.encoder.layers.0.mlp.fc1.weight", "text_model.encoder.layers.0.layer_norm2.weight", "text_model.final_layer_norm.weight",
                "vision_model.embeddings.class_embedding", "vision_model.embeddings.patch_embedding.weight", "vision_model.pre_layrnorm.weight",
                "vision_model.post_layernorm.bias", "visual_projection.weight", "text_projection.weight", "logit_scale");
        assertThat(clip.namedParameters()).doesNotContainKey("vision_model.embeddings.patch_embedding.bias");
        ClipTextModel text = clip.textEncoder();
        assertThat(text.namedParameters().keySet()).allMatch(k -> k.startsWith("text_model."));
        assertThat(text.namedParameters().get("text_model.final_layer_norm.weight")).isSameAs(clip.namedParameters().get("text_model.final_layer_norm.weight"));
        assertThat(clip.logitScale.item()).isCloseTo(Math.log(1 / 0.07), org.assertj.core.data.Offset.offset(1e-6));
    }

    /** The text tower is causal: a word changes the states at and after its position, never before. */
    @Test
    void textStatesAreCausalAndPooledAtTheEndOfText() {
        ClipModel clip = tiny(20);
        clip.eval();
        WordTokenizer t = new WordTokenizer(List.of("<pad>", "<unk>", "<|startoftext|>", "<|endoftext|>", "a", "b", "c"), 6);
        try (GradMode.Scope off = GradMode.noGrad()) {
            ClipTextTransformer.Output x = clip.textModel.encode(t.encodeBatch(List.of("a b c", "a b a"), null));
            INDArray h = x.lastHiddenState().value();
            assertThat(h.shape()).containsExactly(2, 6, 16);
            for (int pos = 0; pos < 3; pos++) {
                assertThat(h.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(pos))
                        .equalsWithEps(h.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1), org.nd4j.linalg.indexing.NDArrayIndex.point(pos)), 1e-5))
                        .as("position " + pos).isTrue();
            }
            assertThat(h.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(3))
                    .equalsWithEps(h.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1), org.nd4j.linalg.indexing.NDArrayIndex.point(3)), 1e-5)).isFalse();
            assertThat(x.pooled().value().getRow(0).equalsWithEps(h.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(4)), 1e-6)).as("pooled = state at <|endoftext|>").isTrue();
            INDArray cos = clip.cosine(Tensor.of(Nd4j.rand(DataType.FLOAT, 3, 3, 8, 8)), t.encodeBatch(List.of("a", "b"), null)).value();
            assertThat(cos.shape()).containsExactly(3, 2);
            assertThat(cos.amaxNumber().doubleValue()).isLessThanOrEqualTo(1 + 1e-5);
        }
    }
}
