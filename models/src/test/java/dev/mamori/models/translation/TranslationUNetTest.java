package dev.mamori.models.translation;

import dev.mamori.autograd.Tensor;
import dev.mamori.models.ModelKind;
import dev.mamori.models.ModelRegistry;
import dev.mamori.nn.init.Init;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TranslationUNetTest {

    @Test
    void mapsImagesToImagesOfTheSameSizeWithSkipConnections() {
        Init.seed(3);
        TranslationUNet unet = ModelRegistry.create("translation_unet", Map.of("inChannels", 6, "outChannels", 3, "baseChannels", 4, "depth", 2,
                "imageSize", 12), TranslationUNet.class);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 6, 12, 12);
        Tensor in = Tensor.of(x).requiresGrad(true);
        Tensor y = unet.call(in);
        assertThat(y.shape()).containsExactly(2, 3, 12, 12);
        assertThat(y.value().minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(y.value().maxNumber().doubleValue()).isLessThanOrEqualTo(1);
        y.sum().backward();
        assertThat(in.grad().norm2Number().doubleValue()).isPositive();
        assertThat(unet.down.get(0).parameters().get(0).grad().norm2Number().doubleValue()).isPositive();
        assertThat(unet.namedParameters()).containsKeys("down.0.0.weight", "mid.3.weight", "up.1.upsample.weight", "up.0.conv.0.weight", "out.weight");
    }

    @Test
    void isRegisteredAsAnImageToImageModel() {
        assertThat(ModelRegistry.names(ModelKind.IMAGE_TO_IMAGE)).containsKeys("translation_unet_16_32", "translation_unet_16_28");
        assertThat(ModelRegistry.create("translation_unet_16_28", TranslationUNet.class).config.imageSize()).isEqualTo(28);
        assertThatThrownBy(() -> ModelRegistry.create("translation_unet_16_32")).hasMessageContaining("not a Classifier");
        assertThatThrownBy(() -> new TranslationUNet.Config(3, 3, 8, 3, 28, "sigmoid")).hasMessageContaining("divisible by 2^depth");
    }
}
