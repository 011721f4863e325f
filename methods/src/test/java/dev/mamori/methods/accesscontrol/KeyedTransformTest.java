package dev.mamori.methods.accesscontrol;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.methods.accesscontrol.transforms.KeyedTransform;
import dev.mamori.methods.accesscontrol.transforms.KeyedTransformKind;
import dev.mamori.methods.accesscontrol.transforms.NormalizedNegativePositive;
import dev.mamori.methods.crypto.KeySource;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.testing.TestImages;
import dev.mamori.models.detection.CenterNet;
import dev.mamori.models.detection.CenterNetFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The keyed transforms of access control: each key's transform is undone by its inverse, different keys give
 * different maps, gradients flow through them, shuffles stay inside their blocks or permute whole channels, and the
 * transforms and detectors print fingerprints only.
 */
class KeyedTransformTest {
    private static final CenterNet.Config MINI = CenterNetFamily.mini();

    private static KeyedTransform transform(ProtectionScheme scheme, long seed) {
        return scheme.transform(scheme.drawKey(MINI, KeySource.seeded(seed)));
    }

    @ParameterizedTest
    @EnumSource(KeyedTransformKind.class)
    void everyKeysInverseUndoesItsTransform(KeyedTransformKind kind) {
        ProtectionScheme onMap = new ProtectionScheme(1, kind, 2);                 // after stage 1: 16 channels, 32 x 32
        INDArray x = TestImages.uniform(3, DataType.FLOAT, 2, 16, 32, 32).muli(5);
        for (long seed = 0; seed < 3; seed++) {
            KeyedTransform t = transform(onMap, seed);
            INDArray y = t.apply(Tensor.of(x)).value();
            INDArray plain = kind == KeyedTransformKind.NEGATIVE_POSITIVE ? NormalizedNegativePositive.normalize(Tensor.of(x)).value() : x;
            assertThat(TestImages.maxAbsDiff(t.inverse(y), plain)).as("%s key %d", kind, seed).isLessThan(1e-6);
            assertThat(TestImages.maxAbsDiff(y, plain)).as("%s key %d changes the map", kind, seed).isGreaterThan(0.1);
            INDArray other = transform(onMap, seed + 100).apply(Tensor.of(x)).value();
            assertThat(TestImages.maxAbsDiff(y, other)).as("another key gives another map").isGreaterThan(0.1);
        }
        ProtectionScheme onInput = new ProtectionScheme(0, kind, 4);
        INDArray images = TestImages.uniform(4, DataType.FLOAT, 2, 3, 64, 64);
        KeyedTransform t = transform(onInput, 7);
        assertThat(TestImages.maxAbsDiff(t.inverse(t.apply(Tensor.of(images)).value()), images)).isLessThan(1e-6);
    }

    @ParameterizedTest
    @EnumSource(KeyedTransformKind.class)
    void gradientsFlowThroughTheTransform(KeyedTransformKind kind) {
        KeyedTransform t = transform(new ProtectionScheme(2, kind, 2), 1);        // after stage 2: 32 channels, 16 x 16
        Tensor x = Tensor.variable(TestImages.uniform(5, DataType.FLOAT, 1, 32, 16, 16));
        INDArray g = Autograd.grad(t.apply(x).square().sum(), List.of(x)).get(0);
        assertThat(g.shape()).containsExactly(1, 32, 16, 16);
        assertThat(g.amaxNumber().doubleValue()).isGreaterThan(0);
    }

    @Test
    void pixelShufflingStaysInsideBlocksAndChannelShufflingMovesWholeChannels() {
        INDArray x = TestImages.uniform(6, DataType.FLOAT, 1, 16, 4, 4);
        INDArray y = transform(new ProtectionScheme(1, KeyedTransformKind.PIXEL_SHUFFLE, 2), 2).apply(Tensor.of(x)).value();
        for (int by = 0; by < 4; by += 2) {
            for (int bx = 0; bx < 4; bx += 2) {
                double[] in = block(x, by, bx), out = block(y, by, bx);
                Arrays.sort(in);
                Arrays.sort(out);
                assertThat(out).containsExactly(in);
            }
        }
        INDArray z = transform(new ProtectionScheme(1, KeyedTransformKind.CHANNEL_SHUFFLE, 2), 3).apply(Tensor.of(x)).value();
        int moved = 0;
        for (int c = 0; c < 16; c++) {
            INDArray plane = z.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(c));
            int source = -1;
            for (int s = 0; s < 16; s++) {
                INDArray candidate = x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(s));
                if (candidate.equals(plane)) source = s;
            }
            assertThat(source).as("channel %d is a whole input channel", c).isGreaterThanOrEqualTo(0);
            if (source != c) moved++;
        }
        assertThat(moved).isGreaterThan(8);
    }

    private static double[] block(INDArray a, int y0, int x0) {
        double[] out = new double[16 * 4];
        int i = 0;
        for (int c = 0; c < 16; c++) for (int y = y0; y < y0 + 2; y++) for (int x = x0; x < x0 + 2; x++) out[i++] = a.getDouble(0, c, y, x);
        return out;
    }

    @Test
    void aDetectorRunsWithTheRightKeyAWrongKeyOrNone() {
        dev.mamori.nn.init.Init.seed(0);
        CenterNet model = new CenterNet(MINI);
        model.eval();
        ProtectionScheme scheme = new ProtectionScheme(1, KeyedTransformKind.PIXEL_SHUFFLE, 2);
        SecretKey key = scheme.drawKey(MINI, KeySource.seeded(1));
        KeyedDetector owner = KeyedDetector.of(model, scheme, scheme.transform(key));
        INDArray images = TestImages.uniform(8, DataType.FLOAT, 2, 3, 64, 64);
        try (GradMode.Scope off = GradMode.noGrad()) {
            INDArray right = owner.maps(Tensor.of(images)).heatmap().value();
            INDArray wrong = owner.withKey(scheme.transform(scheme.drawKey(MINI, KeySource.seeded(2)))).maps(Tensor.of(images)).heatmap().value();
            INDArray none = owner.withoutKey().maps(Tensor.of(images)).heatmap().value();
            assertThat(TestImages.maxAbsDiff(right, wrong)).isGreaterThan(0);
            assertThat(TestImages.maxAbsDiff(none, model.maps(Tensor.of(images)).heatmap().value())).isZero();
            assertThat(TestImages.maxAbsDiff(right, none)).isGreaterThan(0);
        }
        assertThat(owner.toString()).contains(key.id()).contains("stage1/pixel_shuffle/M2");
        assertThat(owner.transform().describe()).isEqualTo("pixel_shuffle(M=2, C=16, " + key.id() + ")");
        String permutation = String.join(",", Arrays.stream(key.permutation()).mapToObj(String::valueOf).toArray(String[]::new));
        assertThat(owner + owner.transform().toString()).doesNotContain(permutation);
    }

    @Test
    void schemesAndKeysThatDoNotFitAreErrors() {
        assertThatThrownBy(() -> new ProtectionScheme(5, KeyedTransformKind.PIXEL_SHUFFLE, 2).check(MINI)).hasMessageContaining("stages 1..4");
        assertThatThrownBy(() -> new ProtectionScheme(4, KeyedTransformKind.PIXEL_SHUFFLE, 3).check(MINI)).hasMessageContaining("does not divide");
        ProtectionScheme stage1 = new ProtectionScheme(1, KeyedTransformKind.PIXEL_SHUFFLE, 2);
        SecretKey stage2Key = new ProtectionScheme(2, KeyedTransformKind.PIXEL_SHUFFLE, 2).drawKey(MINI, KeySource.seeded(0));
        assertThatThrownBy(() -> KeyedDetector.of(new CenterNet(MINI), stage1, stage1.transform(stage2Key))).hasMessageContaining("16 channels");
        SecretKey npKey = new ProtectionScheme(1, KeyedTransformKind.NEGATIVE_POSITIVE, 2).drawKey(MINI, KeySource.seeded(0));
        assertThatThrownBy(() -> stage1.transform(npKey)).hasMessageContaining("needs a shuffle key");
        assertThat(new ProtectionScheme(1, KeyedTransformKind.CHANNEL_SHUFFLE, 2).drawKey(MINI, KeySource.seeded(0)).blockSize()).isEqualTo(1);
        assertThat(new ProtectionScheme(0, KeyedTransformKind.NEGATIVE_POSITIVE, 4).id()).isEqualTo("input/negative_positive/M4");
    }
}
