package dev.mamori.methods.encryption.schemes;

import dev.mamori.methods.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PixelBasedEncryptionTest {

    @Test
    void encryptionMatchesAPlainReference() {
        PeKey key = PeKey.fromSeed(4, 3, 4, 5);
        PixelBasedEncryption pe = new PixelBasedEncryption(key, 255);
        INDArray x = TestImages.bytes(1, 2, 3, 4, 5);
        INDArray y = pe.encrypt(x);
        boolean[] neg = key.negated();
        for (int n = 0; n < 2; n++)
            for (int h = 0; h < 4; h++)
                for (int w = 0; w < 5; w++) {
                    int[] cp = key.colourPermutation(h * 5 + w);
                    for (int c = 0; c < 3; c++) {
                        float v = x.getFloat(n, cp[c], h, w);
                        float want = neg[(cp[c] * 4 + h) * 5 + w] ? 255 - v : v;
                        assertThat(y.getFloat(n, c, h, w)).isEqualTo(want);
                    }
                }
        TestImages.assertExactlyEqual(pe.decrypt(y), x);
    }

    @Test
    void unitRangeRoundTripAndSeeds() {
        PixelBasedEncryption pe = PixelBasedEncryption.fromSeed(8, 3, 8, 8);
        INDArray x = TestImages.eightBit(1, 2, 3, 8, 8);
        INDArray y = pe.encrypt(x);
        assertThat(TestImages.maxAbsDiff(y, x)).isGreaterThan(0.5);
        TestImages.assertExactlyEqual(pe.decrypt(y), x);
        assertThat(PeKey.fromSeed(8, 3, 8, 8)).isEqualTo(pe.key());
        assertThat(PeKey.fromSeed(9, 3, 8, 8)).isNotEqualTo(pe.key());
        assertThat(pe.toString()).matches("PixelBasedEncryption\\{PeKey\\{3x8x8, block 1, id=[0-9a-f]{16}}, peak=1.0}");
    }

    @Test
    void badKeysAndImagesAreClearErrors() {
        assertThatThrownBy(() -> PeKey.of(3, 1, 2, new boolean[5], new int[][]{{0, 1, 2}, {0, 1, 2}})).hasMessageContaining("expected C*H*W = 6");
        assertThatThrownBy(() -> PeKey.of(3, 1, 2, new boolean[6], new int[][]{{0, 1, 2}, {2, 2, 0}})).hasMessageContaining("colour permutation of pixel 1");
        PixelBasedEncryption pe = PixelBasedEncryption.fromSeed(1, 3, 4, 4);
        assertThatThrownBy(() -> pe.encrypt(TestImages.bytes(1, 1, 3, 4, 8))).hasMessageContaining("[N, 3, 4, 4]");
    }
}
