package dev.mamori.methods.encryption.catalog;

import dev.mamori.methods.encryption.ImageCipher;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.KeySpace;
import dev.mamori.methods.encryption.neuracrypt.NeuraCryptKey;
import dev.mamori.methods.encryption.schemes.EtcEncryption;
import dev.mamori.methods.encryption.schemes.EtcKey;
import dev.mamori.methods.encryption.schemes.PeKey;
import dev.mamori.methods.encryption.schemes.PixelBasedEncryption;
import dev.mamori.methods.crypto.Permutations;
import dev.mamori.methods.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Key-space sizes: exact formulas, and brute force over every key of tiny geometries where keys can be enumerated. */
class KeySpaceTest {

    @Test
    void etcCountsTwelveRotationFlipDrawsButEightDistinctSymmetries() {
        for (int channels : new int[]{1, 3}) {
            KeyGeometry g = new KeyGeometry(channels, 2, 2, 2); // one block
            KeySpace space = Scheme.ETC.keySpace(g, SchemeOptions.defaults());
            long colours = channels == 3 ? 6 : 1;
            assertThat(space.exactKeys()).isEqualTo(BigInteger.valueOf(24 * colours));
            assertThat(space.exactDistinct()).isEqualTo(BigInteger.valueOf(16 * colours));
            // every key of the single block, applied to an image in general position
            INDArray x = TestImages.bytes(2, 1, channels, 2, 2).addi(TestImages.uniform(3, org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, channels, 2, 2));
            Set<String> outputs = new HashSet<>();
            int keys = 0;
            for (int rot = 0; rot < 4; rot++)
                for (int flip = 0; flip < 3; flip++)
                    for (boolean np : new boolean[]{false, true})
                        for (int[] colour : permutations(channels)) {
                            EtcKey k = EtcKey.of(2, channels, 2, 2, new int[]{0}, new int[]{rot}, new int[]{flip}, new boolean[]{np}, new int[][]{colour});
                            outputs.add(Arrays.toString(new EtcEncryption(k, 300).encrypt(x).data().asFloat()));
                            keys++;
                        }
            assertThat(keys).isEqualTo(space.exactKeys().intValueExact());
            assertThat(outputs).hasSize(space.exactDistinct().intValueExact());
        }
    }

    @Test
    void etcAndGrayEtcAtDatasetSizes() {
        KeyGeometry g = new KeyGeometry(3, 32, 32, 4); // 64 blocks
        BigInteger b64 = KeySpace.factorial(64);
        assertThat(Scheme.ETC.keySpace(g, SchemeOptions.defaults()).exactDistinct()).isEqualTo(b64.multiply(BigInteger.valueOf(96).pow(64)));
        KeySpace gray = Scheme.GRAY_ETC.keySpace(g, SchemeOptions.defaults()); // 192 gray blocks, 8 x 2 each
        assertThat(gray.exactDistinct()).isEqualTo(KeySpace.factorial(192).multiply(BigInteger.valueOf(16).pow(192)));
        assertThat(gray.log2Distinct()).isCloseTo(log2Factorial(192) + 192 * 4, within(1e-6));
    }

    @Test
    void pixelBasedEncryptionCountsEveryKeyOfATinyImage() {
        KeyGeometry g = new KeyGeometry(2, 1, 1, 1);
        KeySpace space = Scheme.PE.keySpace(g, SchemeOptions.defaults());
        assertThat(space.exactKeys()).isEqualTo(BigInteger.valueOf(8)); // 2^2 negative/positive bits x 2! colour orders
        INDArray x = TestImages.uniform(4, org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 2, 1, 1);
        Set<String> outputs = new HashSet<>();
        for (int bits = 0; bits < 4; bits++)
            for (int[] colour : permutations(2)) {
                PeKey k = PeKey.of(2, 1, 1, new boolean[]{(bits & 1) != 0, (bits & 2) != 0}, new int[][]{colour});
                outputs.add(Arrays.toString(new PixelBasedEncryption(k).encrypt(x).data().asFloat()));
            }
        assertThat(outputs).hasSize(8);
    }

    @Test
    void learnableEncryptionAndBlockwiseFormulas() {
        KeyGeometry g = new KeyGeometry(3, 32, 32, 4);
        // LE: L = 4*4*6 = 96 nibbles, 47 inverted
        assertThat(Scheme.LE.keySpace(g, SchemeOptions.defaults()).log2Keys()).isCloseTo(log2Factorial(96) + log2Binomial(96, 47), within(1e-6));
        // ELE: 64 blocks, each its own LE key, plus the block order
        assertThat(Scheme.ELE.keySpace(g, SchemeOptions.defaults()).log2Keys())
                .isCloseTo(log2Factorial(64) + 64 * (log2Factorial(96) + log2Binomial(96, 47)), within(1e-3));
        // block-wise transforms: L = 48
        assertThat(Scheme.BLOCK_SHUFFLE.keySpace(g, SchemeOptions.defaults()).exactKeys()).isEqualTo(KeySpace.factorial(48));
        assertThat(Scheme.BLOCK_NEGATIVE_POSITIVE.keySpace(g, SchemeOptions.defaults()).exactKeys()).isEqualTo(KeySpace.binomial(48, 23));
        assertThat(Scheme.BLOCK_FFX.keySpace(g, SchemeOptions.defaults()).log2Keys()).isCloseTo(log2Binomial(48, 23) + 128, within(1e-6));
        // PE on 3x32x32: 3072 bits and 6^1024 colour orders
        assertThat(Scheme.PE.keySpace(g, SchemeOptions.defaults()).log2Keys()).isCloseTo(3072 + 1024 * Math.log(6) / Math.log(2), within(1e-6));
    }

    @Test
    void neuraCryptCountsItsRandomWeights() {
        KeyGeometry g = new KeyGeometry(3, 16, 16, 4);
        SchemeOptions o = new SchemeOptions(4, 24, 2, 24, "sum");
        NeuraCryptKey k = (NeuraCryptKey) Scheme.NEURACRYPT.fromSeed(1, g, o);
        long weights = 24 * 48 + 24 + 2 * (24 * 24 + 24) + 16 * 24 + 24 * 24 + 24; // batch norms excluded
        assertThat(k.randomWeightCount()).isEqualTo(weights);
        assertThat(Scheme.NEURACRYPT.keySpace(g, o).log2Keys()).isEqualTo(32.0 * weights);
        assertThat(k.keySpace().exactKeys()).isNull();
        assertThat(Scheme.COLOR_NEURACRYPT.keySpace(g, o).log2Keys()).isEqualTo(32.0 * 3 * (24 * 16 + 24 + 2 * (24 * 24 + 24) + 16 * 24 + 24 * 24 + 24));
    }

    private static List<int[]> permutations(int n) {
        List<int[]> out = new ArrayList<>();
        int[] p = new int[n];
        collect(p, 0, new boolean[n], out);
        return out;
    }

    private static void collect(int[] p, int i, boolean[] used, List<int[]> out) {
        if (i == p.length) {
            Permutations.require(p, "p");
            out.add(p.clone());
            return;
        }
        for (int v = 0; v < p.length; v++) {
            if (used[v]) continue;
            used[v] = true;
            p[i] = v;
            collect(p, i + 1, used, out);
            used[v] = false;
        }
    }

    private static double log2Factorial(int n) {
        double s = 0;
        for (int i = 2; i <= n; i++) s += Math.log(i);
        return s / Math.log(2);
    }

    private static double log2Binomial(int n, int k) {
        return log2Factorial(n) - log2Factorial(k) - log2Factorial(n - k);
    }
}
