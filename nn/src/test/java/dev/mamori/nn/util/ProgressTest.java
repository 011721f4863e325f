package dev.mamori.nn.util;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Plain progress lines: count, percentage, rate, ETA and the values set. */
class ProgressTest {

    @Test
    void plainModeLogsCountPercentageRateEtaAndValues() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Progress p = Progress.plain("epoch 1/3", 4, out)) {
            p.step();
            p.set("loss", 0.41234);
            p.set("acc", "91.50%");
            assertThat(p.done()).isEqualTo(1);
            String mid = p.line();
            assertThat(mid).startsWith("epoch 1/3 1/4").contains(" 25.0%").containsPattern("\\d+\\.\\d\\d it/s")
                    .containsPattern("ETA (\\d\\d:\\d\\d|\\d+:\\d\\d:\\d\\d|\\?)").endsWith("loss 0.4123 acc 91.50%");
            p.step(3); // the last step always logs
        }
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertThat(log.lines()).hasSize(1);
        assertThat(log.lines().findFirst().orElseThrow()).startsWith("epoch 1/3 4/4 100.0%").contains("ETA 00:00")
                .contains("it/s").endsWith("loss 0.4123 acc 91.50%");
    }

    @Test
    void durationsAndUnknownTotals() {
        assertThat(Progress.formatDuration(65)).isEqualTo("01:05");
        assertThat(Progress.formatDuration(3725)).isEqualTo("1:02:05");
        assertThat(Progress.formatDuration(0)).isEqualTo("00:00");
        try (Progress p = Progress.silent("scan", 0)) {
            p.step(5);
            assertThat(p.line()).startsWith("scan 5/0").contains("ETA ?").doesNotContain("%");
        }
    }
}
