package dev.mamori.methods.backdoor.unlearning;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.methods.testing.TestImages;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.Normalized;
import dev.mamori.nn.ActivationCapture;
import dev.mamori.nn.init.Init;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The layers the edit reads: W x + b on the captured activation rows gives the layer's own output (a linear layer, and
 * convolutions with padding, stride 2 and a 1x1 shortcut, through their unfolded receptive fields), and a weight set
 * through {@link ReadingLayer#setWeight} is the weight read back.
 */
class ReadingLayerTest {

    private static void rowsReproduceTheLayer(Normalized model, String path, INDArray images) {
        model.eval();
        ReadingLayer layer = ReadingLayer.of(model, path);
        ReadingLayer.Capture c = layer.capture(model, images);
        double[][] rebuilt = LayerProblem.outputs(layer.weight(), layer.bias(), c.features());
        INDArray out;
        try (ActivationCapture cap = ActivationCapture.of(model, layer.path()); GradMode.Scope off = GradMode.noGrad()) {
            model.call(Tensor.of(images));
            out = cap.get(layer.path());
        }
        int n = (int) images.size(0);
        assertThat(c.features().length).isEqualTo(n * c.rowsPerImage());
        assertThat(c.probabilities().length).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < c.rowsPerImage(); p++) {
                for (int o = 0; o < layer.outFeatures(); o++) {
                    double want = out.rank() == 2 ? out.getDouble(i, o)
                            : out.getDouble(i, o, p / (int) out.size(3), p % (int) out.size(3));
                    assertThat(rebuilt[i * c.rowsPerImage() + p][o]).as(path + " image " + i + " position " + p + " output " + o).isCloseTo(want, within(1e-4));
                }
            }
        }
        double[][] w = layer.weight();
        w[0][0] += 0.5;
        layer.setWeight(w);
        assertThat(layer.weight()[0][0]).isCloseTo(w[0][0], within(1e-6));
    }

    @Test
    void linearLayersReadOneRowPerImage() {
        Init.seed(2);
        Normalized m = new Normalized(ModelRegistry.create("simple_cnn", Map.of("width", 4, "hidden", 8)), new double[]{0.5}, new double[]{0.5});
        rowsReproduceTheLayer(m, "fc1", TestImages.eightBit(1, 3, 1, 28, 28));
        ReadingLayer fc1 = ReadingLayer.of(m, "fc1");
        assertThat(fc1.units()).isEqualTo(fc1.inFeatures());
        assertThat(fc1.columnsOf(5)).containsExactly(5);
        assertThat(fc1.isHead(m, TestImages.eightBit(1, 2, 1, 28, 28))).isFalse();
        assertThat(ReadingLayer.of(m, "fc2").isHead(m, TestImages.eightBit(1, 2, 1, 28, 28))).isTrue();
    }

    /**
     * One pass, continued: the extra outputs see every row the layer read (here over two batches of 256), and going on
     * through the layers above they give what setting the layer to the matching weight and running again gives.
     */
    @Test
    void extraOutputsOfALinearLayerContinueThroughTheRestOfTheNetworkInTheSamePass() {
        Init.seed(4);
        Normalized m = new Normalized(ModelRegistry.create("simple_cnn", Map.of("width", 4, "hidden", 8)), new double[]{0.5}, new double[]{0.5});
        ReadingLayer fc1 = ReadingLayer.of(m, "fc1");
        assertThat(fc1.oneRowPerImage()).isTrue();
        INDArray images = TestImages.eightBit(5, 300, 1, 28, 28);
        double[][] original = fc1.weight();
        double[][] scaled = new double[original.length][];
        for (int o = 0; o < original.length; o++) scaled[o] = java.util.Arrays.stream(original[o]).map(v -> 1.5 * v).toArray();
        int[] seen = {0};
        ReadingLayer.ContinuedCapture c = fc1.captureContinuing(m, images, rows -> {
            seen[0] = (int) java.util.Arrays.stream(rows).filter(java.util.Objects::nonNull).count();
            return LayerProblem.outputs(scaled, fc1.bias(), java.util.Arrays.copyOf(rows, 7));
        });
        assertThat(seen[0]).isEqualTo(300);
        assertThat(c.capture().features()).hasNumberOfRows(300);
        assertThat(c.capture().probabilities()).isDeepEqualTo(fc1.capture(m, images).probabilities());
        assertThat(c.extraProbabilities()).hasNumberOfRows(7);
        fc1.setWeight(scaled);
        double[][] reference = dev.mamori.methods.common.Predictions.probabilities(m, images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 7)).dup('c'));
        fc1.setWeight(original);
        for (int i = 0; i < 7; i++) {
            for (int k = 0; k < reference[i].length; k++) assertThat(c.extraProbabilities()[i][k]).isCloseTo(reference[i][k], within(1e-4));
        }
        assertThat(fc1.weight()).isDeepEqualTo(original);
    }

    @Test
    void convolutionsReadTheirReceptiveFieldsPerPosition() {
        Init.seed(3);
        Normalized cnn = new Normalized(ModelRegistry.create("simple_cnn", Map.of("width", 4, "hidden", 8)), new double[]{0.5}, new double[]{0.5});
        rowsReproduceTheLayer(cnn, "conv3", TestImages.eightBit(2, 2, 1, 28, 28));
        Normalized resnet = new Normalized(ModelRegistry.create("resnet_tiny_cifar"), new double[]{0.5}, new double[]{0.5});
        INDArray x = TestImages.eightBit(4, 2, 1, 28, 28);
        rowsReproduceTheLayer(resnet, "layer4.0.conv1", x);          // 3x3, stride 2, padding 1
        rowsReproduceTheLayer(resnet, "layer4.0.downsample.0", x);   // 1x1, stride 2
        ReadingLayer conv1 = ReadingLayer.of(resnet, "layer4.0.conv1");
        assertThat(conv1.units()).isEqualTo(64);
        assertThat(conv1.inFeatures()).isEqualTo(64 * 9);
        assertThat(conv1.columnsOf(2)).containsExactly(18, 19, 20, 21, 22, 23, 24, 25, 26);
    }
}
