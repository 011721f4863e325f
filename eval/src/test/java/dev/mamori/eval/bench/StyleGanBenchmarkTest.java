package dev.mamori.eval.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StyleGanBenchmarkTest {

    /** The case runs (on a tiny batch here), reports the suite's parameter count, and its JSON line has no input gradient. */
    @Test
    void runsTheSuiteCaseAndWritesItsLine() throws Exception {
        NnBenchmark.Result r = new StyleGanBenchmark(new SuiteProtocol(2, 0, 1)).run();
        assertThat(r.params()).isEqualTo(1_816_981);
        assertThat(r.trainStepMs()).isPositive();
        assertThat(r.inferMs()).isPositive();
        assertThat(r.inputGradMs()).isNaN();
        JsonNode line = new ObjectMapper().readTree(NnBenchmark.standard().jsonLine(r, "test"));
        assertThat(line.get("case").asText()).isEqualTo("stylegan");
        assertThat(line.get("batch").asInt()).isEqualTo(32);
        assertThat(line.has("input_grad_ms")).isFalse();
        assertThat(NnBenchmark.WAVE2_CASES).contains("stylegan");
    }
}
