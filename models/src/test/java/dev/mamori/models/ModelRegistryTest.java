package dev.mamori.models;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.models.diffusion.UNet2DConditionModel;
import dev.mamori.nn.Module;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRegistryTest {
    /** Models larger than this are not run at their full input size in the sweep (a CPU forward of ViT-B takes seconds). */
    private static final long FULL_SIZE_FORWARD_LIMIT = 3_000_000;

    static List<String> everyName() {
        return ModelRegistry.entries().stream().map(ModelEntry::name).toList();
    }

    /**
     * Every registered name builds as its family's type, has the stated reference parameter count (timm, torchvision,
     * shared/bench/SUITE.md), and runs a forward pass on a small batch: at the entry's input size for small models, at
     * a reduced size where the input size is not fixed, and not at all for big fixed-size models (built only).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyName")
    void everyRegisteredModelBuildsAndRuns(String name) {
        ModelEntry e = ModelRegistry.entry(name);
        Module m = ModelRegistry.create(name, e.family().type());
        assertThat(m).isExactlyInstanceOf(e.family().type());
        if (e.statesParameters()) assertThat(m.parameterCount()).as(name + " parameters").isEqualTo(e.parameters());
        assertThat(ModelRegistry.describe(m)).hasValueSatisfying(d -> {
            assertThat(d.family()).isEqualTo(e.family().name());
            assertThat(d.config()).isEqualTo(e.configMap());
        });
        Preprocessing p = e.preprocessing();
        assertThat(p.isImage()).isTrue();
        int size;
        if (m.parameterCount() <= FULL_SIZE_FORWARD_LIMIT) size = p.height();
        else if (!p.fixedInputSize()) size = 32;
        else return;
        m.eval();
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor x = Tensor.of(Nd4j.rand(DataType.FLOAT, 2, p.channels(), size, size));
            // a text-conditioned denoiser also takes timesteps and text states
            out = m instanceof UNet2DConditionModel u
                    ? u.call(x, new long[]{10, 900}, Tensor.of(Nd4j.randn(DataType.FLOAT, 2, 5, u.config.crossAttentionDim())))
                    : m.call(x);
        }
        if (m instanceof Classifier c) {
            assertThat(out.shape()).containsExactly(2, c.numClasses());
            assertThat(c.inChannels()).isEqualTo(p.channels());
            assertThat(c.imageSize()).isEqualTo(p.height());
        } else {
            assertThat(out.size(0)).isEqualTo(2);
        }
        assertThat(out.value().isInfinite().any() || out.value().isNaN().any()).as(name + " finite output").isFalse();
    }

    @Test
    void familiesRegisterTheirConfigurationsWithPreprocessingFacts() {
        assertThat(ModelRegistry.families().keySet()).contains("vit", "convmixer", "resnet", "simple_cnn");
        ModelEntry vit = ModelRegistry.entry("vit_tiny_patch16_224");
        assertThat(vit.kind()).isEqualTo(ModelKind.CLASSIFICATION);
        assertThat(vit.preprocessing().inputSize()).containsExactly(3, 224, 224);
        assertThat(vit.preprocessing().fixedInputSize()).isTrue();
        assertThat(vit.preprocessing().normalizationIfAny()).contains(Normalization.IMAGENET_INCEPTION);
        assertThat(ModelRegistry.entry("resnet50").preprocessing().normalizationIfAny()).contains(Normalization.IMAGENET_DEFAULT);
        assertThat(ModelRegistry.entry("convmixer_128_8").preprocessing().normalizationIfAny()).isEmpty();
        assertThat(ModelRegistry.entry("convmixer_128_8").preprocessing().fixedInputSize()).isFalse();
        assertThat(ModelRegistry.names(ModelKind.CLASSIFICATION)).containsKeys("resnet18", "simple_cnn").doesNotContainKey("tiny_denoiser_8");
    }

    @Test
    void aFamilyFromAnotherModulesServiceFileIsFoundWithItsKind() {
        assertThat(ModelRegistry.names(ModelKind.DIFFUSION)).containsKeys("tiny_denoiser_8", "unet_bench_16", "vae_kl_emoji_32");
        TinyDenoiserFamily.TinyDenoiser d = ModelRegistry.create("tiny_denoiser_8", TinyDenoiserFamily.TinyDenoiser.class);
        assertThat(d.parameterCount()).isEqualTo(223);
        assertThat(ModelRegistry.create("tiny_denoiser", Map.of("width", 2), Module.class).parameterCount()).isEqualTo((3 * 2 * 9 + 2) + (2 * 3 * 9 + 3));
    }

    @Test
    void creationIsTypedAndAWrongTypeNamesBoth() {
        VisionTransformer v = ModelRegistry.create("vit_mini_patch4_28", VisionTransformer.class);
        assertThat(v.config.patchSize()).isEqualTo(4);
        assertThatThrownBy(() -> ModelRegistry.create("convmixer_128_8", VisionTransformer.class))
                .hasMessageContaining("'convmixer_128_8' is a ConvMixer").hasMessageContaining("not a VisionTransformer");
        assertThatThrownBy(() -> ModelRegistry.create("tiny_denoiser_8", Classifier.class))
                .hasMessageContaining("TinyDenoiser").hasMessageContaining("diffusion").hasMessageContaining("not a Classifier");
        assertThatThrownBy(() -> ModelRegistry.create("tiny_denoiser_8")).hasMessageContaining("not a Classifier");
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
        assertThatThrownBy(() -> ModelRegistry.create("vit", Map.of("patchSize", 5)))
                .hasMessageContaining("family 'vit'").hasMessageContaining("not divisible by patch 5");
    }

    @Test
    void aModelOutsideTheFamiliesHasNoDescription() {
        Classifier inner = ModelRegistry.create("simple_cnn");
        assertThat(ModelRegistry.describe(new Normalized(inner, new double[]{0.5}, new double[]{0.5}))).isEmpty();
        assertThat(ModelRegistry.describe(inner)).isPresent();
    }
}
