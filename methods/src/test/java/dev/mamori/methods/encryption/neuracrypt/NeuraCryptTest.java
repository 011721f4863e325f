package dev.mamori.methods.encryption.neuracrypt;

import dev.mamori.methods.crypto.KeySource;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NeuraCryptTest {
    private static final NeuraCryptKey.Architecture SMALL = new NeuraCryptKey.Architecture(16, 2, 12);

    @Test
    void tokensAreShuffledAfreshForEveryImage() {
        NeuraCryptKey key = NeuraCryptKey.fromSeed(1, new KeyGeometry(3, 16, 16, 4), SMALL);
        NeuraCrypt nc = new NeuraCrypt(key, KeySource.seeded(2));
        INDArray one = TestImages.eightBit(3, 1, 3, 16, 16);
        INDArray batch = Nd4j.concat(0, one, one, TestImages.eightBit(4, 2, 3, 16, 16));
        INDArray tokens = nc.tokens(batch);
        TestImages.assertExactlyEqual(tokens.get(NDArrayIndex.point(0)), tokens.get(NDArrayIndex.point(1)));

        INDArray grid = nc.encode(batch);
        assertThat(grid.shape()).containsExactly(4, 12, 4, 4);
        INDArray shuffled = ShuffledTokenEncoder.fromGrid(grid);
        float[][] a = rows(shuffled, 0), b = rows(shuffled, 1), unshuffled = rows(tokens, 0);
        assertThat(Arrays.deepEquals(a, b)).as("two copies of one image get different token orders").isFalse();
        assertThat(sorted(a)).isEqualTo(sorted(unshuffled));
        assertThat(sorted(b)).isEqualTo(sorted(unshuffled));
        assertThat(Arrays.deepEquals(rows(ShuffledTokenEncoder.fromGrid(nc.encode(batch)), 0), a)).as("a second call draws new orders").isFalse();
        assertThat(nc.preservesEightBit()).isFalse();
    }

    @Test
    void anImagesCodeDependsOnItsBatchThroughTheBatchStatistics() {
        NeuraCryptKey key = NeuraCryptKey.fromSeed(1, new KeyGeometry(1, 8, 8, 4), SMALL);
        NeuraCrypt nc = new NeuraCrypt(key);
        INDArray x = TestImages.eightBit(5, 1, 1, 8, 8);
        INDArray alone = nc.tokens(Nd4j.concat(0, x, TestImages.eightBit(6, 3, 1, 8, 8))).get(NDArrayIndex.point(0));
        INDArray other = nc.tokens(Nd4j.concat(0, x, TestImages.eightBit(7, 3, 1, 8, 8))).get(NDArrayIndex.point(0));
        assertThat(TestImages.maxAbsDiff(alone, other)).isGreaterThan(1e-3);
        assertThatThrownBy(() -> nc.tokens(TestImages.eightBit(1, 2, 1, 12, 12))).hasMessageContaining("[B, 1, 8, 8]");
    }

    @Test
    void colorNeuraCryptEncodesEachChannelWithItsOwnEncoder() {
        KeyGeometry g = new KeyGeometry(3, 8, 8, 4);
        ColorNeuraCryptKey sum = ColorNeuraCryptKey.fromSeed(3, g, SMALL, ColorNeuraCryptKey.Combine.SUM);
        INDArray x = TestImages.eightBit(8, 5, 3, 8, 8);
        INDArray expected = Nd4j.zeros(DataType.FLOAT, 5, 4, 12);
        for (int c = 0; c < 3; c++) {
            INDArray channel = x.get(NDArrayIndex.all(), NDArrayIndex.interval(c, c + 1), NDArrayIndex.all(), NDArrayIndex.all()).dup();
            expected.addi(new NeuraCrypt(sum.channelKeys().get(c)).tokens(channel));
        }
        assertThat(TestImages.maxAbsDiff(new ColorNeuraCrypt(sum).tokens(x), expected)).isLessThan(1e-5);
        assertThat(sum.channelKeys().get(0)).isNotEqualTo(sum.channelKeys().get(1));

        ColorNeuraCryptKey concat = ColorNeuraCryptKey.of(g, ColorNeuraCryptKey.Combine.CONCAT, sum.channelKeys());
        ColorNeuraCrypt cc = new ColorNeuraCrypt(concat);
        assertThat(cc.tokens(x).shape()).containsExactly(5, 4, 36);
        assertThat(cc.encode(x).shape()).containsExactly(5, 36, 2, 2);
        assertThat(concat.fingerprint()).isNotEqualTo(sum.fingerprint());

        // one channel: Color-NeuraCrypt is NeuraCrypt
        KeyGeometry gray = new KeyGeometry(1, 8, 8, 4);
        NeuraCryptKey k = NeuraCryptKey.fromSeed(9, gray, SMALL);
        INDArray y = TestImages.eightBit(9, 3, 1, 8, 8);
        TestImages.assertExactlyEqual(new ColorNeuraCrypt(ColorNeuraCryptKey.of(gray, ColorNeuraCryptKey.Combine.SUM, List.of(k))).tokens(y),
                new NeuraCrypt(k).tokens(y));
    }

    @Test
    void weightsAreDrawnAsPyTorchInitialisesThem() {
        NeuraCryptKey k = NeuraCryptKey.fromSeed(4, new KeyGeometry(3, 16, 16, 4), new NeuraCryptKey.Architecture(64, 1, 32));
        float bound = (float) (1 / Math.sqrt(48));
        for (float v : k.weight("image_encoder.0.weight")) assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
        assertThat(k.weight("image_encoder.3.weight")).containsOnly(1f);
        assertThat(k.weight("image_encoder.3.bias")).containsOnly(0f);
        float[] pos = k.weight("pos_embedding");
        double mean = 0, sq = 0;
        for (float v : pos) {
            mean += v;
            sq += v * v;
        }
        mean /= pos.length;
        assertThat(mean).isBetween(-0.1, 0.1);
        assertThat(Math.sqrt(sq / pos.length - mean * mean)).isBetween(0.9, 1.1); // N(0, 1), 1024 draws
        assertThat(NeuraCryptKey.fromSeed(4, k.geometry(), k.architecture())).isEqualTo(k);
    }

    private static float[][] rows(INDArray tokens, int image) {
        INDArray t = tokens.get(NDArrayIndex.point(image)).dup('c');
        float[][] out = new float[(int) t.size(0)][];
        for (int i = 0; i < out.length; i++) out[i] = t.getRow(i).toFloatVector();
        return out;
    }

    private static List<String> sorted(float[][] rows) {
        return Arrays.stream(rows).map(Arrays::toString).sorted().toList();
    }
}
