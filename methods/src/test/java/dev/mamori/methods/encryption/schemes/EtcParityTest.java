package dev.mamori.methods.encryption.schemes;

import dev.mamori.autograd.Tensor;
import dev.mamori.methods.testing.TestImages;
import dev.mamori.nn.io.OracleFixture;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.assertj.core.api.Assertions.assertThat;

/** EtC block scrambling against the PyTorch reference fixture "etc" (8-bit values as floats, block 4). */
class EtcParityTest {

    @Test
    void encryptionMatchesFixtureExactlyAndDecrypts() {
        OracleFixture f = OracleFixture.load("etc");
        INDArray input = f.tensor("input");
        int block = f.config().get("block").asInt();
        int[][] colour = f.tensor("colour_perm").castTo(org.nd4j.linalg.api.buffer.DataType.INT64).toIntMatrix();
        EtcKey key = EtcKey.of(block, (int) input.size(1), (int) input.size(2), (int) input.size(3),
                TestImages.ints(f.tensor("block_perm")), TestImages.ints(f.tensor("rotation")), TestImages.ints(f.tensor("flip")),
                TestImages.bools(f.tensor("negpos")), colour);
        EtcEncryption etc = new EtcEncryption(key, 255.0);

        INDArray out = etc.encrypt(input);
        assertThat(OracleFixture.compare("etc output", out, f.tensor("output"), f.atol(), 0)).isEmpty();
        assertThat(OracleFixture.compare("etc tensor form", etc.encrypt(Tensor.of(input)).value(), f.tensor("output"), f.atol(), 0)).isEmpty();
        TestImages.assertExactlyEqual(etc.decrypt(f.tensor("output")), input);
    }
}
