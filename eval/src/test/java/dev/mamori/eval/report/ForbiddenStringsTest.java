package dev.mamori.eval.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForbiddenStringsTest {
    private static final byte[] KEY = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    private static final String KEY_HEX = "00112233445566778899aabbccddeeff";

    @TempDir
    Path dir;

    @Test
    void aSecretInTheConfigStopsTheWholeReport() throws IOException {
        ExperimentReport report = ExperimentReport.named("leaky").config("key", KEY_HEX).forbid("AES key", KEY_HEX);
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> report.writeTo(out))
                .isInstanceOf(ForbiddenContentException.class)
                .hasMessageContaining("results.json contains the forbidden string registered as 'AES key'")
                .hasMessageContaining("nothing was written")
                .message().doesNotContain(KEY_HEX);
        assertThat(out).doesNotExist();
    }

    @Test
    void matchingIgnoresCaseAndCoversEveryOutput() {
        ExperimentReport report = ExperimentReport.named("leaky").paragraph("key: " + KEY_HEX.toUpperCase()).forbid("AES key", KEY_HEX);
        // the paragraph is in report.md and report.html only
        assertThatThrownBy(() -> report.writeTo(dir.resolve("out"))).hasMessageContaining("report.md contains");
    }

    @Test
    void textDrawnIntoFiguresIsChecked() {
        ExperimentReport report = ExperimentReport.named("leaky")
                .figure(Plots.line("leak.png", "curves", "x", "y", List.of(new Series("run " + KEY_HEX, new double[] {1}, new double[] {2}))))
                .forbid("AES key", KEY_HEX);
        // caught in figures/leak.png's drawn text even though it never reaches the text files
        assertThatThrownBy(() -> report.writeTo(dir.resolve("out")))
                .hasMessageContaining("figures/leak.png (text drawn into the image) contains");
    }

    @Test
    void globalRegistrationsApplyToEveryReport() throws IOException {
        String base64 = java.util.Base64.getEncoder().withoutPadding().encodeToString(KEY);
        try (ForbiddenStrings.Registration ignored = ForbiddenStrings.global().registerBytes("model key", KEY)) {
            assertThatThrownBy(() -> ExperimentReport.named("leaky").metric("note", 1).config("k", base64 + "==").writeTo(dir.resolve("a")))
                    .hasMessageContaining("'model key (base64)'");
            assertThatThrownBy(() -> ExperimentReport.named("leaky").config("k", KEY_HEX).writeTo(dir.resolve("b")))
                    .hasMessageContaining("'model key (hex)'");
        }
        // closed: the same report may be written again
        ExperimentReport.named("fine").config("k", KEY_HEX).writeTo(dir.resolve("c"));
        assertThat(dir.resolve("c/results.json")).isRegularFile();
    }

    @Test
    void cleanReportsPassAndNoTemporaryFileSurvivesARefusal() throws IOException {
        Path out = dir.resolve("out");
        ExperimentReport.named("ok").config("seed note", "no secrets here").forbid("AES key", KEY_HEX).writeTo(out);
        assertThatThrownBy(() -> ExperimentReport.named("bad").paragraph(KEY_HEX).forbid("AES key", KEY_HEX).writeTo(out))
                .isInstanceOf(ForbiddenContentException.class);
        // the earlier, clean report is untouched
        assertThat(Files.readString(out.resolve("results.json"))).contains("\"experiment\" : \"ok\"");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("results.json", "report.md", "report.html");
        }
    }

    @Test
    void registrationNeedsALabelAndARealValue() {
        ForbiddenStrings strings = new ForbiddenStrings();
        assertThatThrownBy(() -> strings.register("", KEY_HEX)).hasMessageContaining("label");
        assertThatThrownBy(() -> strings.register("short", "abc")).hasMessageContaining("at least 4 characters");
        assertThatCode(() -> strings.check("x", "anything")).doesNotThrowAnyException();
        strings.register("pin", "1234");
        assertThatThrownBy(() -> strings.check("x", "pin 1234")).isInstanceOf(ForbiddenContentException.class);
    }
}
