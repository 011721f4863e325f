package dev.mamori.methods.encryption.schemes;

import dev.mamori.methods.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TanakaEleTest {

    @Test
    void withTheSameKeyInEveryBlockAndNoScramblingItIsLe() {
        TanakaLe le = TanakaLe.fromSeed(5, new dev.mamori.methods.encryption.KeyGeometry(3, 4, 6, 2));
        int blocks = 6; // 4 x 6 image, 2 x 2 blocks
        int[][] shuffle = new int[blocks][];
        boolean[][] inversion = new boolean[blocks][];
        for (int b = 0; b < blocks; b++) {
            shuffle[b] = le.key().shuffleKey().permutation();
            inversion[b] = le.key().inversionKey().mask();
        }
        TanakaEle ele = new TanakaEle(EleKey.of(2, 3, 4, 6, IntStream.range(0, blocks).toArray(), shuffle, inversion));
        INDArray x = TestImages.eightBit(1, 2, 3, 4, 6);
        TestImages.assertExactlyEqual(ele.encrypt(x), le.encrypt(x));
    }

    @Test
    void blockScramblingMovesWholeSplitBlocks() {
        int[] perm = {1, 2, 0, 3};
        int length = 2 * 2 * 2;
        int[][] identity = new int[4][];
        for (int b = 0; b < 4; b++) identity[b] = IntStream.range(0, length).toArray();
        TanakaEle ele = new TanakaEle(EleKey.of(2, 1, 4, 4, perm, identity, new boolean[4][length]));
        INDArray x = TestImages.eightBit(2, 1, 1, 4, 4);
        INDArray split = FourBitSplit.split(x);
        INDArray y = ele.encrypt(x);
        for (int i = 0; i < 4; i++)
            for (int ch = 0; ch < 2; ch++)
                for (int r = 0; r < 2; r++)
                    for (int c = 0; c < 2; c++)
                        assertThat(y.getFloat(0, ch, (i / 2) * 2 + r, (i % 2) * 2 + c))
                                .isEqualTo(split.getFloat(0, ch, (perm[i] / 2) * 2 + r, (perm[i] % 2) * 2 + c));
    }

    @Test
    void decryptRestoresAndSeedsAreReproducible() {
        TanakaEle ele = TanakaEle.fromSeed(9, 4, 3, 8, 16);
        INDArray x = TestImages.eightBit(3, 2, 3, 8, 16);
        INDArray y = ele.encrypt(x);
        TestImages.assertExactlyEqual(ele.decrypt(y), x);
        assertThat(EleKey.fromSeed(9, 4, 3, 8, 16)).isEqualTo(ele.key());
        assertThat(EleKey.fromSeed(10, 4, 3, 8, 16)).isNotEqualTo(ele.key());
        assertThat(ele.key().toString()).matches("EleKey\\{3x8x16, block 4, id=[0-9a-f]{16}}");
    }

    @Test
    void badKeysAreClearErrors() {
        int[][] shuffle = {IntStream.range(0, 8).toArray()};
        assertThatThrownBy(() -> EleKey.of(2, 1, 2, 2, new int[]{0}, new int[][]{{0, 1, 2}}, new boolean[1][8]))
                .hasMessageContaining("block 0").hasMessageContaining("L = M*M*2C = 8");
        int[][] dup = {{0, 0, 2, 3, 4, 5, 6, 7}};
        assertThatThrownBy(() -> EleKey.of(2, 1, 2, 2, new int[]{0}, dup, new boolean[1][8])).hasMessageContaining("shuffle of block 0");
        assertThatThrownBy(() -> EleKey.of(2, 1, 2, 2, new int[]{0, 1}, shuffle, new boolean[1][8])).hasMessageContaining("needs 1 entries");
    }
}
