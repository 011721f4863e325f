package dev.mamori.models;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.init.Init;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AdaptedClassifierTest {

    @Test
    void pixelShuffleIsPyTorchsDepthToSpace() {
        int r = 2, c = 3, h = 2, w = 3;
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, c * r * r, h, w);
        INDArray y = AdaptedClassifier.pixelShuffle(Tensor.of(x), r).value();
        assertThat(y.shape()).containsExactly(1, c, h * r, w * r);
        for (int ch = 0; ch < c; ch++)
            for (int i = 0; i < r; i++)
                for (int j = 0; j < r; j++)
                    for (int yy = 0; yy < h; yy++)
                        for (int xx = 0; xx < w; xx++)
                            assertThat(y.getFloat(0, ch, yy * r + i, xx * r + j)).isEqualTo(x.getFloat(0, ch * r * r + i * r + j, yy, xx));
    }

    @Test
    void adaptsLeImagesForAViTBackboneFromTheRegistry() {
        Init.seed(1);
        Classifier m = ModelRegistry.create("adapted_le_vit_32", Map.of("numClasses", 9));
        assertThat(m).isInstanceOf(AdaptedClassifier.class);
        assertThat(m.inChannels()).isEqualTo(6);
        AdaptedClassifier a = (AdaptedClassifier) m;
        assertThat(a.backbone).isInstanceOf(VisionTransformer.class);
        assertThat(a.backbone.numClasses()).isEqualTo(9);
        assertThat(a.backbone.inChannels()).isEqualTo(3);
        Tensor logits = m.call(Tensor.of(Nd4j.rand(DataType.FLOAT, 2, 6, 32, 32)));
        assertThat(logits.shape()).containsExactly(2, 9);
        assertThat(m.namedParameters()).containsKeys("adaptation.0.weight", "adaptation.3.weight", "backbone.patch_embed.proj.weight");
        var description = ModelRegistry.describe(m).orElseThrow();
        assertThat(description.family()).isEqualTo("adapted");
        assertThat(description.config()).containsEntry("backbone", "vit");
    }
}
