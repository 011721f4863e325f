package dev.mamori.methods.encryption.schemes;

import dev.mamori.autograd.GradCheck;
import dev.mamori.methods.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EtcEncryptionTest {

    @Test
    void sameSeedSameKeyOtherSeedOtherKey() {
        assertThat(EtcKey.fromSeed(1, 4, 3, 16, 8)).isEqualTo(EtcKey.fromSeed(1, 4, 3, 16, 8));
        assertThat(EtcKey.fromSeed(1, 4, 3, 16, 8)).isEqualTo(EtcKey.fromSeed(1, 4, 3, 16, 8));
        assertThat(EtcKey.fromSeed(1, 4, 3, 16, 8)).isNotEqualTo(EtcKey.fromSeed(2, 4, 3, 16, 8));
        EtcKey k = EtcKey.fromSeed(1, 4, 3, 16, 8);
        assertThat(k.blockCount()).isEqualTo(8);
        assertThat(k.toString()).matches("EtcKey\\{3x16x8, block 4, id=[0-9a-f]{16}}");
    }

    @Test
    void decryptUndoesEncryptInUnitRangeAndEightBit() {
        EtcKey key = EtcKey.fromSeed(7, 4, 3, 16, 24);
        INDArray x = TestImages.eightBit(3, 2, 3, 16, 24);
        EtcEncryption unit = new EtcEncryption(key);
        INDArray y = unit.encrypt(x);
        assertThat(TestImages.maxAbsDiff(y, x)).isGreaterThan(0.5);
        TestImages.assertExactlyEqual(unit.decrypt(y), x); // 1 - (1 - v) rounds in float32; decryption ends on the 8-bit grid
        INDArray real = TestImages.uniform(3, DataType.FLOAT, 2, 3, 16, 24);
        assertThat(TestImages.maxAbsDiff(unit.decrypt(unit.encrypt(real)), real)).isLessThanOrEqualTo(0.5 / 255 + 1e-6);

        INDArray bytes = TestImages.bytes(4, 2, 3, 16, 24);
        EtcEncryption eightBit = new EtcEncryption(key, 255);
        TestImages.assertExactlyEqual(eightBit.decrypt(eightBit.encrypt(bytes)), bytes);
    }

    @Test
    void eachStepMatchesAPlainReferenceOnOneBlock() {
        // One 3x3 block, 2 channels: check rotation, flip, negative/positive and colour order one at a time.
        float[] in = new float[18];
        for (int i = 0; i < in.length; i++) in[i] = i;
        INDArray x = Nd4j.create(in, new long[]{1, 2, 3, 3});
        int[] identityColours = {0, 1};
        // rotation by one quarter turn counter-clockwise: out[r][c] = in[c][2 - r]
        INDArray rotated = cipher(1, 0, false, identityColours).encrypt(x);
        for (int ch = 0; ch < 2; ch++)
            for (int r = 0; r < 3; r++)
                for (int c = 0; c < 3; c++) assertThat(rotated.getFloat(0, ch, r, c)).isEqualTo(x.getFloat(0, ch, c, 2 - r));
        INDArray horizontal = cipher(0, 1, false, identityColours).encrypt(x);
        INDArray vertical = cipher(0, 2, false, identityColours).encrypt(x);
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++) {
                assertThat(horizontal.getFloat(0, 1, r, c)).isEqualTo(x.getFloat(0, 1, r, 2 - c));
                assertThat(vertical.getFloat(0, 1, r, c)).isEqualTo(x.getFloat(0, 1, 2 - r, c));
            }
        INDArray negated = cipher(0, 0, true, identityColours).encrypt(x);
        TestImages.assertExactlyEqual(negated, x.rsub(255));
        INDArray swapped = cipher(0, 0, false, new int[]{1, 0}).encrypt(x);
        TestImages.assertExactlyEqual(swapped.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(0)),
                x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(1)));
        // Rotation happens before the flip: rotate then flip horizontally.
        INDArray both = cipher(1, 1, false, identityColours).encrypt(x);
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++) assertThat(both.getFloat(0, 0, r, c)).isEqualTo(rotated.getFloat(0, 0, r, 2 - c));
    }

    @Test
    void blocksMoveWholeToThePermutedPlace() {
        // Identity steps, blocks only: output block i is input block perm[i].
        int[] perm = {2, 0, 3, 1};
        EtcKey key = EtcKey.of(2, 1, 4, 4, perm, new int[4], new int[4], new boolean[4], new int[][]{{0}, {0}, {0}, {0}});
        INDArray x = TestImages.bytes(1, 1, 1, 4, 4);
        INDArray y = new EtcEncryption(key, 255).encrypt(x);
        for (int i = 0; i < 4; i++)
            for (int r = 0; r < 2; r++)
                for (int c = 0; c < 2; c++)
                    assertThat(y.getFloat(0, 0, (i / 2) * 2 + r, (i % 2) * 2 + c))
                            .isEqualTo(x.getFloat(0, 0, (perm[i] / 2) * 2 + r, (perm[i] % 2) * 2 + c));
    }

    @Test
    void tensorFormPassesGradCheck() {
        EtcEncryption etc = new EtcEncryption(EtcKey.fromSeed(3, 2, 3, 4, 4));
        GradCheck.Result r = GradCheck.check(in -> etc.encrypt(in.get(0)).square(),
                List.of(TestImages.uniform(1, DataType.DOUBLE, 1, 3, 4, 4)), 1e-6, 1e-7, 1e-6, 5);
        assertThat(r.passed()).as(r.toString()).isTrue();
    }

    @Test
    void badKeysAndImagesAreClearErrors() {
        int[][] colours = new int[4][];
        Arrays.fill(colours, new int[]{0, 1, 2});
        assertThatThrownBy(() -> EtcKey.of(2, 3, 4, 4, new int[]{0, 1, 2}, new int[4], new int[4], new boolean[4], colours))
                .hasMessageContaining("block permutation has 3 entries; expected 4");
        assertThatThrownBy(() -> EtcKey.of(2, 3, 4, 4, new int[]{0, 1, 1, 3}, new int[4], new int[4], new boolean[4], colours))
                .hasMessageContaining("block permutation is not a permutation");
        assertThatThrownBy(() -> EtcKey.of(2, 3, 4, 4, new int[]{0, 1, 2, 3}, new int[]{0, 4, 0, 0}, new int[4], new boolean[4], colours))
                .hasMessageContaining("rotation of block 1");
        assertThatThrownBy(() -> EtcKey.of(2, 3, 4, 4, new int[]{0, 1, 2, 3}, new int[4], new int[]{0, 0, 3, 0}, new boolean[4], colours))
                .hasMessageContaining("flip of block 2");
        int[][] badColours = colours.clone();
        badColours[3] = new int[]{0, 0, 2};
        assertThatThrownBy(() -> EtcKey.of(2, 3, 4, 4, new int[]{0, 1, 2, 3}, new int[4], new int[4], new boolean[4], badColours))
                .hasMessageContaining("colour permutation of block 3");
        assertThatThrownBy(() -> EtcKey.fromSeed(1, 4, 3, 10, 8)).hasMessageContaining("divisible by the block size 4");
        EtcEncryption etc = new EtcEncryption(EtcKey.fromSeed(1, 4, 3, 8, 8));
        assertThatThrownBy(() -> etc.encrypt(Nd4j.zeros(DataType.FLOAT, 1, 3, 16, 16))).hasMessageContaining("[N, 3, 8, 8]");
    }

    private static EtcEncryption cipher(int rotation, int flip, boolean negate, int[] colours) {
        return new EtcEncryption(EtcKey.of(3, 2, 3, 3, new int[]{0}, new int[]{rotation}, new int[]{flip}, new boolean[]{negate},
                new int[][]{colours}), 255);
    }
}
