package dev.mamori.methods.crypto.blockwise;

import dev.mamori.autograd.Tensor;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.testing.TestImages;
import dev.mamori.nn.io.OracleFixture;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.assertj.core.api.Assertions.assertThat;

/** The block-wise transforms against the PyTorch reference fixtures blockwise_shuffle and blockwise_np. */
class KeyTransformParityTest {

    @Test
    void shuffleMatchesFixtureExactly() {
        OracleFixture f = OracleFixture.load("blockwise_shuffle");
        int block = f.config().get("block").asInt();
        INDArray input = f.tensor("input");
        SecretKey key = SecretKey.shuffle(block, (int) input.size(1), TestImages.ints(f.tensor("key")));
        BlockTransform t = BlockTransform.forKey(key);

        INDArray out = t.apply(input);
        assertThat(OracleFixture.compare("blockwise_shuffle output", out, f.tensor("output"), f.atol(), 0)).isEmpty();
        TestImages.assertExactlyEqual(t.applyTensor(Tensor.of(input)).value(), f.tensor("output"));
        TestImages.assertExactlyEqual(t.inverse(f.tensor("output")), input);
    }

    @Test
    void negativePositiveMatchesFixture() {
        OracleFixture f = OracleFixture.load("blockwise_np");
        int block = f.config().get("block").asInt();
        INDArray input = f.tensor("input");
        SecretKey key = SecretKey.negativePositive(block, (int) input.size(1), TestImages.bools(f.tensor("mask")));
        BlockTransform t = BlockTransform.forKey(key);

        INDArray out = t.apply(input);
        assertThat(OracleFixture.compare("blockwise_np output", out, f.tensor("output"), f.atol(), 0)).isEmpty();
        assertThat(OracleFixture.compare("blockwise_np tensor form", t.applyTensor(Tensor.of(input)).value(), f.tensor("output"),
                f.atol(), 0)).isEmpty();
        assertThat(OracleFixture.compare("blockwise_np inverse", t.inverse(out), input, 1e-7, 0)).isEmpty();
    }

    @Test
    void fixtureMaskHasTheSizeOfOurSeededMasks() {
        // The reference marks positions whose random rank exceeds L/2: 23 of 48. Ours must have the same count.
        boolean[] fixtureMask = TestImages.bools(OracleFixture.load("blockwise_np").tensor("mask"));
        boolean[] ours = SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 4, 3, 1).mask();
        assertThat(count(ours)).isEqualTo(count(fixtureMask)).isEqualTo(23);
    }

    private static int count(boolean[] m) {
        int n = 0;
        for (boolean b : m) if (b) n++;
        return n;
    }
}
