package dev.mamori.generative.pipelines;

import dev.mamori.generative.TinyModels;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextToImagePipelineTest {

    /** DDIM with eta 0: the same seed gives the same bytes, and an image does not depend on the batch it ran in. */
    @Test
    void ddimWithEtaZeroIsDeterministicAndBatchIndependent() {
        LatentDiffusionModel m = TinyModels.model(1);
        TextToImagePipeline p = new TextToImagePipeline(m, null, false);
        List<String> prompts = List.of("red square", "blue circle", "yellow star");
        GenerationOptions o = GenerationOptions.defaults().withSteps(8).withGuidance(3).withSeed(42);
        INDArray a = p.generate(prompts, o).images(), b = p.generate(prompts, o.withBatchSize(1)).images();
        assertThat(a.shape()).containsExactly(3, 3, 16, 16);
        assertThat(a.equalsWithEps(b, 1e-6)).isTrue();
        assertThat(a.minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(a.maxNumber().doubleValue()).isLessThanOrEqualTo(1);
        INDArray c = p.generate(prompts, o.withSeed(43)).images();
        assertThat(a.equalsWithEps(c, 1e-6)).isFalse();
        INDArray single = p.generate(List.of("yellow star"), o).images();
        // image i is seeded by (seed, i): the third image of a batch is not the first of another call
        assertThat(single.equalsWithEps(a.get(NDArrayIndex.interval(2, 3)), 1e-6)).isFalse();
    }

    @Test
    void guidanceAndSamplersChangeTheImages() {
        LatentDiffusionModel m = TinyModels.model(2);
        TextToImagePipeline p = new TextToImagePipeline(m, null, false);
        GenerationOptions o = GenerationOptions.defaults().withSteps(5).withSeed(7);
        INDArray g1 = p.generate(List.of("red square"), o.withGuidance(1)).images();
        INDArray g5 = p.generate(List.of("red square"), o.withGuidance(5)).images();
        INDArray eta = p.generate(List.of("red square"), o.withGuidance(5).withEta(1)).images();
        assertThat(g1.equalsWithEps(g5, 1e-6)).isFalse();
        assertThat(eta.equalsWithEps(g5, 1e-6)).isFalse();
        assertThat(p.generate(List.of("red square"), o.withGuidance(5).withEta(1)).images().equalsWithEps(eta, 1e-6)).as("eta noise is seeded").isTrue();
        assertThatThrownBy(() -> o.withGuidance(0.5)).hasMessageContaining("guidance scale must be >= 1");
    }

    /** A prompt longer than the text encoder's context is truncated with a warning, and the image is made. */
    @Test
    void longPromptsAreTruncatedWithAWarningNotAnError() {
        LatentDiffusionModel m = TinyModels.model(3);
        List<String> warnings = new ArrayList<>();
        TextToImagePipeline p = new TextToImagePipeline(m, warnings::add, false);
        String longPrompt = "a red square beside a blue circle under a yellow star";
        INDArray img = p.generate(List.of(longPrompt), GenerationOptions.defaults().withSteps(3)).images();
        assertThat(img.shape()).containsExactly(1, 3, 16, 16);
        assertThat(warnings).isNotEmpty();
        assertThat(warnings.get(0)).contains(longPrompt).contains("truncated");
    }
}
