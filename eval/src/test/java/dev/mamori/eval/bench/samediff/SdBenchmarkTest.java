package dev.mamori.eval.bench.samediff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.eval.bench.NnBenchmark;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON line format (timing itself is not tested). */
class SdBenchmarkTest {
    @Test
    void engineNamesTheNd4jVersionOnTheClassPath() {
        assertThat(SdBenchmark.ENGINE).isEqualTo("samediff-1.0.0-M2.1");
    }

    @Test
    void jsonLineHasTheSuiteFields() throws Exception {
        String line = SdBenchmark.standard().jsonLine(new NnBenchmark.Result("vit", 456394, 123.456, 7.891, 45.0));
        JsonNode o = new ObjectMapper().readTree(line);
        assertThat(o.get("engine").asText()).isEqualTo("samediff-1.0.0-M2.1");
        assertThat(o.get("case").asText()).isEqualTo("vit");
        assertThat(o.get("batch").asInt()).isEqualTo(128);
        assertThat(o.get("params").asLong()).isEqualTo(456394);
        assertThat(o.get("train_step_ms").asDouble()).isEqualTo(123.46);
        assertThat(o.get("infer_ms").asDouble()).isEqualTo(7.89);
        assertThat(o.get("input_grad_ms").asDouble()).isEqualTo(45.0);
    }
}
