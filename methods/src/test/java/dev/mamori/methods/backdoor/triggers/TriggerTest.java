package dev.mamori.methods.backdoor.triggers;

import dev.mamori.methods.testing.TestImages;
import dev.mamori.models.Classifier;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.Normalized;
import dev.mamori.nn.init.Init;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TriggerTest {

    @Test
    void triggersRejectImagesOfAnotherShape() {
        INDArray grey = TestImages.eightBit(1, 2, 1, 28, 28);
        assertThatThrownBy(() -> PatchTrigger.badNets(3, 28, 28, 3, 1, 0, 0).apply(grey)).hasMessageContaining("3x28x28").hasMessageContaining("1x28x28");
        assertThatThrownBy(() -> BlendTrigger.randomNoise(1, 32, 32, 0.2, 0).apply(grey)).hasMessageContaining("blend");
        assertThatThrownBy(() -> new SigTrigger(1, 28, 28, 20, 6, true).apply(grey.reshape(2, 784))).hasMessageContaining("[N, C, H, W]");
        assertThatThrownBy(() -> PatchTrigger.badNets(1, 8, 8, 9, 1, 0, 0)).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> BlendTrigger.randomNoise(1, 8, 8, 1.5, 0)).hasMessageContaining("alpha");
    }

    @Test
    void checkerboardIsSeenOnWhiteWhereTheWhiteSquareIsNot() {
        INDArray white = Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 3, 16, 16);
        INDArray black = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 3, 16, 16);
        PatchTrigger square = PatchTrigger.badNets(3, 16, 16, 3, 1, 0, 0), board = PatchTrigger.checkerboard(3, 16, 16, 3, 0, 0);
        TriggerVisibility squareOnWhite = TriggerVisibility.of(square, white);
        assertThat(squareOnWhite.meanAbsoluteChange()).isZero();
        assertThat(squareOnWhite.unchangedFraction()).isEqualTo(1.0);
        // the checkerboard's 4 black cells of 9 change all 3 channels of a white image; its 5 white cells those of a black one
        TriggerVisibility boardOnWhite = TriggerVisibility.of(board, white);
        assertThat(boardOnWhite.unchangedFraction()).isZero();
        assertThat(boardOnWhite.meanAbsoluteChange()).isCloseTo(4.0 / 256, within(1e-7));
        assertThat(TriggerVisibility.of(board, black).meanAbsoluteChange()).isCloseTo(5.0 / 256, within(1e-7));
        assertThat(TriggerVisibility.of(square, black).meanAbsoluteChange()).isCloseTo(9.0 / 256, within(1e-7));
        // bottom-right pixel white, neighbours alternating, the whole square masked, every channel alike
        INDArray p = board.pattern();
        for (int c = 0; c < 3; c++) {
            assertThat(p.getFloat(c, 15, 15)).isEqualTo(1f);
            assertThat(p.getFloat(c, 15, 14)).isEqualTo(0f);
            assertThat(p.getFloat(c, 14, 15)).isEqualTo(0f);
            assertThat(p.getFloat(c, 13, 13)).isEqualTo(1f);
        }
        assertThat(board.maskL1()).isEqualTo(9.0);
        // distances from the edges move the square
        PatchTrigger moved = PatchTrigger.checkerboard(1, 8, 8, 3, 1, 2);
        assertThat(moved.pattern().getFloat(0, 5, 6)).isEqualTo(1f);
        assertThat(moved.mask().getFloat(0, 7, 7)).isZero();
        assertThat(moved.mask().getFloat(0, 3, 4)).isEqualTo(1f);
        assertThat(moved.maskL1()).isEqualTo(9.0);
        assertThatThrownBy(() -> PatchTrigger.checkerboard(1, 8, 8, 7, 2, 0)).hasMessageContaining("does not fit");
    }

    @Test
    void visibilityCountsTheImagesATriggerLeavesAlone() {
        INDArray x = Nd4j.concat(0, Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 1, 8, 8),
                Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 1, 8, 8));
        TriggerVisibility v = TriggerVisibility.of(PatchTrigger.badNets(1, 8, 8, 2, 1, 0, 0), x);
        assertThat(v.images()).isEqualTo(4);
        assertThat(v.unchangedFraction()).isEqualTo(0.75);
        assertThat(v.meanAbsoluteChange()).isCloseTo(4.0 / (4 * 64), within(1e-9));
        assertThat(v.describe()).contains("unchanged on 75.0% of 4 images");
        assertThatThrownBy(() -> TriggerVisibility.of(PatchTrigger.badNets(1, 8, 8, 2, 1, 0, 0), x.reshape(4, 64))).hasMessageContaining("[N, C, H, W]");
    }

    @Test
    void blendPatternIsSeededAndEightBit() {
        INDArray a = BlendTrigger.randomNoise(3, 8, 8, 0.2, 5).pattern(), b = BlendTrigger.randomNoise(3, 8, 8, 0.2, 5).pattern();
        assertThat(a.equalsWithEps(b, 0)).isTrue();
        assertThat(a.equalsWithEps(BlendTrigger.randomNoise(3, 8, 8, 0.2, 6).pattern(), 0)).isFalse();
        INDArray scaled = a.mul(255);
        assertThat(scaled.equalsWithEps(org.nd4j.linalg.ops.transforms.Transforms.round(scaled, true), 1e-3)).isTrue();
    }

    @Test
    void waNetNoiseModeIsSeededAndDiffersFromTheTrigger() {
        WaNetTrigger t = WaNetTrigger.random(1, 16, 4, 0.5, 1, 3);
        INDArray x = TestImages.eightBit(2, 3, 1, 16, 16);
        assertThat(t.hasNoiseMode()).isTrue();
        INDArray n1 = t.applyNoiseMode(x, 9), n2 = t.applyNoiseMode(x, 9);
        assertThat(n1.equalsWithEps(n2, 0)).isTrue();
        assertThat(n1.equalsWithEps(t.apply(x), 1e-4)).isFalse();
        assertThat(n1.equalsWithEps(t.applyNoiseMode(x, 10), 1e-4)).isFalse();
        // the noise field is normalised to a mean absolute value of 1
        assertThat(org.nd4j.linalg.ops.transforms.Transforms.abs(t.noiseField(), true).meanNumber().doubleValue()).isCloseTo(1.0,
                org.assertj.core.api.Assertions.within(1e-5));
        assertThat(PatchTrigger.badNets(1, 8, 8, 3, 1, 0, 0).hasNoiseMode()).isFalse();
        assertThatThrownBy(() -> PatchTrigger.badNets(1, 8, 8, 3, 1, 0, 0).applyNoiseMode(x, 0)).hasMessageContaining("no noise mode");
    }

    @Test
    void bicubicKeepsConstantsAndEndpoints() {
        float[] field = {0.5f, 0.5f, 0.5f, 0.5f, 1f, 2f, 3f, 4f};  // plane 0 constant; plane 1 linear in x, 2 x 2
        float[] out = Bicubic.resizeAlignCorners(field, 2, 2, 2, 5, 5);
        for (int i = 0; i < 25; i++) assertThat(out[i]).isCloseTo(0.5f, org.assertj.core.api.Assertions.within(1e-6f));
        // align_corners: the corners are the input's corners
        assertThat(out[25]).isEqualTo(1f);
        assertThat(out[25 + 4]).isEqualTo(2f);
        assertThat(out[25 + 20]).isEqualTo(3f);
        assertThat(out[25 + 24]).isEqualTo(4f);
    }

    @Test
    void trojanPatchDrivesItsUnitsHarderThanTheStartingPatch() {
        Init.seed(4);
        Classifier inner = ModelRegistry.create("simple_cnn", Map.of("width", 4, "hidden", 8));
        Normalized model = new Normalized(inner, new double[]{0.5}, new double[]{0.5});
        INDArray x = TestImages.eightBit(7, 8, 1, 28, 28);
        TrojanPatch optimizer = TrojanPatch.builder().size(5).units(2).steps(15).stepSize(0.1).build();
        PatchTrigger t = optimizer.optimize(model, "model.fc1", x);
        int[] units = TrojanPatch.strongestUnits(inner.namedParameters().get("fc1.weight").value(), 2);
        double before = unitMean(model, PatchTrigger.fromTriggerImage("start", "0.5 square", start(1, 28, 28, 5)).apply(x), units);
        double after = unitMean(model, t.apply(x), units);
        assertThat(after).isGreaterThan(before);
        // only the 5x5 top-left square is stamped, in 8-bit values
        assertThat(t.mask().sumNumber().doubleValue()).isEqualTo(25.0);
        INDArray p = t.pattern().mul(255);
        assertThat(p.equalsWithEps(org.nd4j.linalg.ops.transforms.Transforms.round(p, true), 1e-3)).isTrue();
        assertThatThrownBy(() -> optimizer.optimize(model, "model.pool", x)).hasMessageContaining("expected a Linear or Conv2d");
    }

    private static INDArray start(int c, int h, int w, int size) {
        INDArray t = Nd4j.zeros(c, h, w);
        for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) t.putScalar(new int[]{0, y, x}, 0.5);
        return t;
    }

    private static double unitMean(Normalized model, INDArray images, int[] units) {
        try (var cap = dev.mamori.nn.ActivationCapture.of(model, "model.fc1"); var off = dev.mamori.autograd.GradMode.noGrad()) {
            model.eval();
            model.call(dev.mamori.autograd.Tensor.of(images));
            INDArray a = cap.get("model.fc1");
            double s = 0;
            for (int u : units) s += a.getColumn(u).meanNumber().doubleValue();
            return s / units.length;
        }
    }
}
