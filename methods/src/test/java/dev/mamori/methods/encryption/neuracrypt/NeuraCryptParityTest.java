package dev.mamori.methods.encryption.neuracrypt;

import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.testing.TestImages;
import dev.mamori.nn.io.OracleFixture;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NeuraCrypt's private encoder against the reference code's PrivateEncoder on fixture wave2/neuracrypt_encoder
 * (3 images 3x16x16, patch 4, hidden 24, depth 2, batch statistics): unshuffled tokens within the fixture's tolerance,
 * and the shuffled output with the fixture's permutations (token order compared exactly through the same values).
 */
class NeuraCryptParityTest {

    @Test
    void encoderMatchesTheReference() {
        OracleFixture f = OracleFixture.load("wave2/neuracrypt_encoder");
        INDArray input = f.tensor("input");
        KeyGeometry g = new KeyGeometry((int) input.size(1), (int) input.size(2), (int) input.size(3), f.config().get("patch").asInt());
        int hidden = f.config().get("hidden").asInt();
        NeuraCryptKey.Architecture a = new NeuraCryptKey.Architecture(hidden, f.config().get("depth").asInt(), hidden);
        Map<String, float[]> weights = new LinkedHashMap<>();
        f.withPrefix("param.").forEach((name, w) -> weights.put(name, w.castTo(DataType.FLOAT).dup('c').data().asFloat()));
        NeuraCryptKey key = NeuraCryptKey.of(g, a, weights);
        NeuraCrypt nc = new NeuraCrypt(key);

        INDArray tokens = nc.tokens(input);
        assertThat(OracleFixture.compare("unshuffled tokens", tokens, f.tensor("output_unshuffled"), f.atol(), f.rtol())).isEmpty();

        int[][] perms = f.tensor("permutation").castTo(DataType.INT64).toIntMatrix();
        INDArray grid = nc.encode(input, perms);
        INDArray shuffled = ShuffledTokenEncoder.fromGrid(grid);
        assertThat(OracleFixture.compare("shuffled tokens", shuffled, f.tensor("output"), f.atol(), f.rtol())).isEmpty();
        // the order is the fixture's exactly: each output token is the unshuffled token the permutation names
        INDArray reordered = ShuffledTokenEncoder.shuffle(f.tensor("output_unshuffled"), perms);
        TestImages.assertExactlyEqual(reordered, f.tensor("output"));
    }
}
