package dev.mamori.methods.encryption.schemes;

import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TanakaLeTest {

    @Test
    void fourBitSplitKeepsNibblesAndMergesBack() {
        INDArray x = Nd4j.create(new float[]{0, 1, 17 / 255f, 200 / 255f}, new long[]{1, 1, 2, 2});
        INDArray s = FourBitSplit.split(x);
        assertThat(s.shape()).containsExactly(1, 2, 2, 2);
        float[] nibbles = Transforms.round(s.mul(15)).data().asFloat();
        assertThat(nibbles).containsExactly(0, 15, 1, 12, 0, 15, 1, 8); // upper of 0,255,17,200 then lower
        INDArray eight = TestImages.eightBit(5, 2, 3, 4, 4);
        TestImages.assertExactlyEqual(FourBitSplit.merge(FourBitSplit.split(eight)), eight);
        assertThatThrownBy(() -> FourBitSplit.split(x.add(1))).hasMessageContaining("values in [0, 1]");
    }

    @Test
    void encryptionMatchesAPlainReference() {
        TanakaLe le = TanakaLe.fromSeed(3, new KeyGeometry(3, 2, 4, 2));
        int[] perm = le.key().shuffleKey().permutation();
        boolean[] mask = le.key().inversionKey().mask();
        INDArray x = TestImages.eightBit(8, 1, 3, 2, 4);
        INDArray y = le.encrypt(x);
        assertThat(y.shape()).containsExactly(1, 6, 2, 4);
        for (int block = 0; block < 2; block++) {
            int[] u = new int[24];
            for (int i = 0; i < 24; i++) {
                int r = i / 12, c = (i / 6) % 2, ch = i % 6;
                int q = Math.round(x.getFloat(0, ch % 3, r, block * 2 + c) * 255);
                u[i] = ch < 3 ? q >> 4 : q & 15;
                if (mask[i]) u[i] = 15 - u[i];
            }
            for (int i = 0; i < 24; i++) {
                int r = i / 12, c = (i / 6) % 2, ch = i % 6;
                assertThat(Math.round(y.getFloat(0, ch, r, block * 2 + c) * 15)).as("block %d position %d", block, i).isEqualTo(u[perm[i]]);
            }
        }
    }

    @Test
    void decryptRestoresEightBitImagesAndSeedsAreReproducible() {
        KeyGeometry g = new KeyGeometry(3, 8, 12, 4);
        TanakaLe le = TanakaLe.fromSeed(11, g);
        INDArray x = TestImages.eightBit(2, 2, 3, 8, 12);
        INDArray y = le.encrypt(x);
        assertThat(y.minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(y.maxNumber().doubleValue()).isLessThanOrEqualTo(1);
        TestImages.assertExactlyEqual(le.decrypt(y), x);
        TestImages.assertExactlyEqual(TanakaLe.fromSeed(11, g).encrypt(x), y);
        assertThat(TestImages.maxAbsDiff(TanakaLe.fromSeed(12, g).encrypt(x), y)).isGreaterThan(0.5);
        assertThat(le.toString()).doesNotContain(java.util.Arrays.toString(le.key().shuffleKey().permutation()).substring(1, 10));
    }

    @Test
    void keysMustFitTheSplitImage() {
        KeyGeometry g = new KeyGeometry(3, 4, 4, 4);
        SecretKey s = SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 3, 1);
        SecretKey n = SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 4, 3, 1);
        assertThatThrownBy(() -> LeKey.of(g, s, n)).hasMessageContaining("2C channels");
        assertThatThrownBy(() -> LeKey.of(g, SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 6, 1), SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 2, 6, 1)))
                .hasMessageContaining("share block size");
        TanakaLe le = TanakaLe.fromSeed(1, g);
        assertThat(le.encrypt(TestImages.eightBit(1, 1, 3, 4, 4)).dataType()).isEqualTo(DataType.FLOAT);
        assertThatThrownBy(() -> le.encrypt(TestImages.eightBit(1, 1, 3, 8, 8))).hasMessageContaining("[N, 3, 4, 4]");
    }
}
