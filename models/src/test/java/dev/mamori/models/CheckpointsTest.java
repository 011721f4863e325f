package dev.mamori.models;

import dev.mamori.nn.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointsTest {

    @Test
    void bicubicWeightsMatchPyTorchsKernel() {
        // PyTorch's cubic convolution with A = -0.75 at t = 0.25: taps sum to 1 and have these values
        double[] w = PositionEmbeddings.weights(0.25);
        assertThat(w[0] + w[1] + w[2] + w[3]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(w[0]).isCloseTo(-0.10546875, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(w[1]).isCloseTo(0.87890625, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(w[2]).isCloseTo(0.26171875, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(w[3]).isCloseTo(-0.03515625, org.assertj.core.data.Offset.offset(1e-12));
    }

    /** Expected rows computed with PyTorch 1.13: F.interpolate(grid, size, mode="bicubic", align_corners=False). */
    @Test
    void resizeKeepsTheClassTokenAndMatchesPyTorchsBicubicInterpolation() {
        int d = 3, old = 8;
        INDArray pe = Nd4j.zeros(DataType.FLOAT, 1, 1 + old * old, d);
        pe.putScalar(new long[]{0, 0, 0}, 42f);
        for (int y = 0; y < old; y++) {
            for (int x = 0; x < old; x++) {
                pe.putScalar(new long[]{0, 1 + y * old + x, 1}, x);                              // a ramp along x
                pe.putScalar(new long[]{0, 1 + y * old + x, 2}, Math.pow(y * old + x, 1.5));    // a curved surface
            }
        }
        INDArray up = PositionEmbeddings.resize(pe, 1, old, old, 16, 16);
        assertThat(up.shape()).containsExactly(1, 1 + 16 * 16, d);
        assertThat(up.getFloat(0, 0, 0)).isEqualTo(42f);
        double[] rampRow5 = {-0.105469, 0.191406, 0.667969, 1.296875, 1.703125, 2.296875, 2.703125, 3.296875, 3.703125,
                4.296875, 4.703125, 5.296875, 5.703125, 6.332031, 6.808594, 7.105469};
        for (int x = 0; x < 16; x++) {
            assertThat((double) up.getFloat(0, 1 + 5 * 16 + x, 1)).as("x=" + x).isCloseTo(rampRow5[x], org.assertj.core.data.Offset.offset(1e-5));
        }
        INDArray down = PositionEmbeddings.resize(pe, 1, old, old, 7, 7);
        double[] curvedRow3 = {148.00349, 157.71626, 166.96208, 176.23471, 185.67374, 195.42845, 206.07001};
        for (int x = 0; x < 7; x++) {
            assertThat((double) down.getFloat(0, 1 + 3 * 7 + x, 2)).as("x=" + x).isCloseTo(curvedRow3[x], org.assertj.core.data.Offset.offset(2e-3));
        }
    }

    @Test
    void timmCheckpointForAnotherImageSizeLoadsWithAResizedPositionEmbedding(@TempDir Path dir) throws Exception {
        Map<String, Object> small = Map.of("imageSize", 32, "inChannels", 3, "embedDim", 48, "depth", 1, "heads", 3);
        VisionTransformer source = (VisionTransformer) ModelRegistry.create("vit_mini_patch4_32", small);
        Map<String, INDArray> state = new LinkedHashMap<>();
        source.stateDict().forEach((k, v) -> state.put("module." + k, v));
        Path file = dir.resolve("vit.safetensors");
        SafeTensors.write(file, state, Map.of());

        Map<String, Object> big = new LinkedHashMap<>(small);
        big.put("imageSize", 48);
        VisionTransformer target = (VisionTransformer) ModelRegistry.create("vit_mini_patch4_32", big);
        var result = Checkpoints.load(target, file, true);
        assertThat(result.missingKeys()).isEmpty();
        assertThat(target.posEmbed.shape()).containsExactly(1, 1 + 12 * 12, 48);
        assertThat(target.parameter("blocks.0.attn.qkv.weight").value()).isEqualTo(source.parameter("blocks.0.attn.qkv.weight").value());
        assertThat(target.posEmbed.value().getFloat(0, 0, 5)).isEqualTo(source.posEmbed.value().getFloat(0, 0, 5));
    }

    @Test
    void aNonSquareTokenCountIsAnErrorNamingTheTensor(@TempDir Path dir) throws Exception {
        Map<String, Object> cfg = Map.of("imageSize", 32, "inChannels", 3, "embedDim", 48, "depth", 1, "heads", 3);
        VisionTransformer vit = (VisionTransformer) ModelRegistry.create("vit_mini_patch4_32", cfg);
        Map<String, INDArray> state = new LinkedHashMap<>(vit.stateDict());
        state.put("pos_embed", Nd4j.zeros(DataType.FLOAT, 1, 1 + 50, 48));
        Path file = dir.resolve("bad.safetensors");
        SafeTensors.write(file, state, Map.of());
        assertThatThrownBy(() -> Checkpoints.load(vit, file, true)).hasMessageContaining("pos_embed").hasMessageContaining("bad.safetensors");
    }

    @Test
    void torchvisionResNetNamesLoadStrictly(@TempDir Path dir) throws Exception {
        Classifier a = ModelRegistry.create("resnet_mini_cifar");
        Path file = dir.resolve("r.safetensors");
        SafeTensors.write(file, a.stateDict(), Map.of());
        Classifier b = ModelRegistry.create("resnet_mini_cifar");
        Checkpoints.load(b, file, true);
        assertThat(b.parameter("layer3.0.downsample.0.weight").value()).isEqualTo(a.parameter("layer3.0.downsample.0.weight").value());
    }
}
