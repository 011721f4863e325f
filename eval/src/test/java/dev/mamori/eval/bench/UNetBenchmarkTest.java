package dev.mamori.eval.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UNetBenchmarkTest {

    /** The case runs (on a tiny batch here), reports the suite's parameter count, and its JSON line has no input gradient. */
    @Test
    void runsTheSuiteCaseAndWritesItsLine() throws Exception {
        UNetBenchmark b = new UNetBenchmark(new SuiteProtocol(2, 0, 1));
        NnBenchmark.Result r = b.run();
        assertThat(r.params()).isEqualTo(3_008_836);
        assertThat(r.trainStepMs()).isPositive();
        assertThat(r.inferMs()).isPositive();
        assertThat(r.inputGradMs()).isNaN();
        JsonNode line = new ObjectMapper().readTree(NnBenchmark.standard().jsonLine(r, "test"));
        assertThat(line.get("case").asText()).isEqualTo("unet");
        assertThat(line.get("batch").asInt()).isEqualTo(32);
        assertThat(line.has("input_grad_ms")).isFalse();
        assertThat(UNetBenchmark.alphasCumprod()[999]).isBetween(0.004, 0.005);   // SD's schedule ends near a = 0.0047
    }
}
