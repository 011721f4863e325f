package dev.mamori.models;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRegistryTest {

    /** Parameter counts of the reference implementations (timm, torchvision, shared/bench/SUITE.md). */
    @ParameterizedTest
    @CsvSource({
            "vit_tiny_patch16_224, 5717416",
            "vit_small_patch16_224, 22050664",
            "resnet18, 11689512",
            "resnet50, 25557032",
            "vit_mini_patch4_28, 456394",
            "convmixer_128_8, 166538",
            "resnet_mini_cifar, 701178",
            "convmixer_768_32, 21110248",
    })
    void standardModelsHaveTheReferenceParameterCounts(String name, long params) {
        assertThat(ModelRegistry.create(name).parameterCount()).isEqualTo(params);
    }

    @Test
    void parameterNamesFollowTimmAndTorchvision() {
        assertThat(ModelRegistry.create("vit_mini_patch4_28").namedParameters().keySet())
                .contains("patch_embed.proj.weight", "cls_token", "pos_embed", "blocks.5.attn.qkv.weight", "blocks.0.mlp.fc2.bias", "norm.weight", "head.bias");
        assertThat(ModelRegistry.create("resnet_mini_cifar").stateDict().keySet())
                .contains("conv1.weight", "layer2.0.downsample.0.weight", "layer2.0.downsample.1.running_var", "layer4.1.bn2.num_batches_tracked", "fc.weight");
        assertThat(ModelRegistry.create("convmixer_128_8").stateDict().keySet())
                .contains("stem.0.weight", "stem.2.running_mean", "blocks.7.0.fn.0.weight", "blocks.7.3.bias", "head.weight");
    }

    @Test
    void overridesApplyAndBadFieldsAreNamed() {
        Classifier m = ModelRegistry.create("vit_mini_patch4_28", Map.of("numClasses", 7));
        assertThat(m.numClasses()).isEqualTo(7);
        assertThatThrownBy(() -> ModelRegistry.create("vit_mini_patch4_28", Map.of("widthh", 3)))
                .hasMessageContaining("widthh").hasMessageContaining("embedDim");
        assertThatThrownBy(() -> ModelRegistry.create("vit_huge_plus")).hasMessageContaining("unknown model 'vit_huge_plus'");
    }
}
