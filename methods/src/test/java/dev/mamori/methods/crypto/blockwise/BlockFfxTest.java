package dev.mamori.methods.crypto.blockwise;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.Tensor;
import dev.mamori.methods.crypto.Ff1;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlockFfxTest {
    private final SecretKey key = SecretKey.fromSeed(TransformKind.FFX, 4, 3, 2024);
    private final BlockFfx ffx = (BlockFfx) BlockTransform.forKey(key);

    @Test
    void tableIsInjectiveInvertibleAndBuiltWithFf1() {
        FfxTable table = ffx.table();
        Set<Integer> seen = new HashSet<>();
        int max = 0;
        Ff1 ff1 = new Ff1(key.aesKey(), 10, null);
        for (int p = 0; p < 256; p++) {
            int c = table.encrypt(p);
            assertThat(c).isBetween(0, 999);
            assertThat(seen.add(c)).as("table value of %d is not repeated", p).isTrue();
            assertThat(table.decrypt(c)).isEqualTo(p);
            int[] digits = ff1.encrypt(new int[]{p / 100, (p / 10) % 10, p % 10});
            assertThat(c).isEqualTo(digits[0] * 100 + digits[1] * 10 + digits[2]);
            max = Math.max(max, c);
        }
        assertThat(table.max()).isEqualTo(max);
        assertThat(table.decrypt(1000)).isEqualTo(-1);
        // Another key gives another table.
        assertThat(new FfxTable(SecretKey.fromSeed(TransformKind.FFX, 4, 3, 2025).aesKey()).values()).isNotEqualTo(table.values());
    }

    @Test
    void asPublishedEveryPixelIsTruncatedMaskedOnesLookedUpAndAllDividedByTheTableMaximum() {
        assertThat(ffx.variant()).isEqualTo(FfxVariant.PUBLISHED);
        INDArray x = TestImages.uniform(7, DataType.FLOAT, 2, 3, 8, 4);
        INDArray y = ffx.apply(x);
        boolean[] mask = key.mask();
        FfxTable table = ffx.table();
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 3; c++)
                for (int h = 0; h < 8; h++)
                    for (int w = 0; w < 4; w++) {
                        float v = x.getFloat(n, c, h, w);
                        int p = (int) (v * 255f); // the reference: (X * 255).long() in float32
                        boolean masked = mask[((h % 4) * 4 + w % 4) * 3 + c];
                        float want = (float) ((double) (masked ? table.encrypt(p) : p) / table.max());
                        assertThat(y.getFloat(n, c, h, w)).as("(%d,%d,%d,%d)", n, c, h, w).isEqualTo(want);
                    }
        assertThat(y.minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(y.maxNumber().doubleValue()).isLessThanOrEqualTo(1);
        // piecewise constant: a change within one 8-bit level changes nothing anywhere
        INDArray level = TestImages.eightBit(3, 1, 3, 8, 4);
        assertThat(TestImages.maxAbsDiff(ffx.apply(level.add(0.5f / 255)), ffx.apply(level))).isZero();
    }

    @Test
    void oursRoundsTheMaskedPixelsAndLeavesTheOthersUnchanged() {
        BlockFfx ours = new BlockFfx(key, FfxVariant.MASKED_ROUNDED);
        assertThat(ours.withKey(key)).isInstanceOf(BlockFfx.class).extracting(t -> ((BlockFfx) t).variant()).isEqualTo(FfxVariant.MASKED_ROUNDED);
        INDArray x = TestImages.eightBit(7, 2, 3, 8, 4);
        INDArray y = ours.apply(x);
        boolean[] mask = key.mask();
        FfxTable table = ours.table();
        int changed = 0;
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 3; c++)
                for (int h = 0; h < 8; h++)
                    for (int w = 0; w < 4; w++) {
                        float v = x.getFloat(n, c, h, w);
                        float want = mask[((h % 4) * 4 + w % 4) * 3 + c] ? (float) ((double) table.encrypt(Math.round(v * 255)) / table.max()) : v;
                        assertThat(y.getFloat(n, c, h, w)).as("(%d,%d,%d,%d)", n, c, h, w).isEqualTo(want);
                        if (want != v) changed++;
                    }
        assertThat(changed).isGreaterThan(50);
        INDArray u = TestImages.uniform(5, DataType.FLOAT, 1, 3, 4, 4);
        INDArray back = ours.inverse(ours.apply(u));
        for (int i = 0; i < 48; i++) {
            int c = i / 16, h = (i / 4) % 4, w = i % 4;
            float v = u.getFloat(0, c, h, w);
            float want = mask[(h * 4 + w) * 3 + c] ? Math.round(v * 255) / 255f : v;
            assertThat(back.getFloat(0, c, h, w)).isEqualTo(want);
        }
    }

    @Test
    void inverseRestoresEightBitImages() {
        for (DataType dt : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            INDArray x = TestImages.eightBit(3, 2, 3, 16, 8).castTo(dt);
            if (dt == DataType.DOUBLE) x = org.nd4j.linalg.ops.transforms.Transforms.round(x.mul(255)).divi(255); // exact k / 255 in float64
            INDArray y = ffx.apply(x);
            assertThat(TestImages.maxAbsDiff(y, x)).isGreaterThan(0.1);
            assertThat(TestImages.maxAbsDiff(ffx.inverse(y), x)).isZero();
        }
    }

    @Test
    void nonEightBitValuesComeBackTruncatedToEightBitsEverywhere() {
        INDArray x = TestImages.uniform(5, DataType.FLOAT, 1, 3, 4, 4);
        INDArray back = ffx.inverse(ffx.apply(x));
        for (int i = 0; i < 48; i++) {
            int c = i / 16, h = (i / 4) % 4, w = i % 4;
            float v = x.getFloat(0, c, h, w);
            assertThat(back.getFloat(0, c, h, w)).isEqualTo((float) ((int) (v * 255f) / 255.0));
        }
    }

    @Test
    void tensorFormIsStraightThrough() {
        assertThat(ffx.isDifferentiable()).isFalse();
        Tensor x = Tensor.variable(TestImages.eightBit(4, 2, 3, 8, 8));
        Tensor y = ffx.applyTensor(x);
        // x + (f(x) - x) may differ from f(x) in the last bit.
        assertThat(TestImages.maxAbsDiff(y.value(), ffx.apply(x.value()))).isLessThanOrEqualTo(1.2e-7);
        INDArray upstream = TestImages.uniform(9, DataType.FLOAT, 2, 3, 8, 8);
        TestImages.assertExactlyEqual(Autograd.grad(y, upstream, List.of(x)).get(0), upstream);
    }

    @Test
    void valuesOutsideTheUnitRangeOrTableAreErrors() {
        INDArray x = TestImages.eightBit(1, 1, 3, 4, 4);
        x.putScalar(new long[]{0, 1, 2, 3}, 1.5);
        assertThatThrownBy(() -> ffx.apply(x)).hasMessageContaining("values in [0, 1]").hasMessageContaining("1.5")
                .hasMessageContaining("flat index " + (16 + 2 * 4 + 3));
        // A masked value that no 8-bit level encrypts to.
        INDArray y = ffx.apply(TestImages.eightBit(1, 1, 3, 4, 4));
        boolean[] mask = key.mask();
        int i = 0;
        while (!mask[i]) i++;
        int c = i % 3, h = i / 12, w = (i / 3) % 4;
        int free = 0;
        while (ffx.table().decrypt(free) >= 0) free++;
        y.putScalar(new long[]{0, c, h, w}, (double) free / ffx.table().max());
        long flat = (long) c * 16 + h * 4 + w;
        assertThatThrownBy(() -> ffx.inverse(y)).hasMessageContaining("flat index " + flat).hasMessageContaining(key.id());
    }
}
