package dev.mamori.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mamori run llmqa} and {@code mamori serve}: help, config errors naming the field, options that do not fit. */
class LlmQaCommandTest {

    @Test
    void helpDescribesTheStudyAndTheServer() {
        RunCommandTest.Run r = RunCommandTest.run("run", "llmqa", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: mamori run llmqa").contains("--trained-on").contains("--quick").contains("held-out");
        RunCommandTest.Run s = RunCommandTest.run("serve", "--help");
        assertThat(s.code()).isZero();
        assertThat(s.out()).contains("--max-batch").contains("/v1/chat/completions");
    }

    @Test
    void configErrorsNameTheFieldAndPrintConfigShowsTheMergedConfig(@TempDir Path dir) throws Exception {
        Path unknown = dir.resolve("qa.yaml");
        Files.writeString(unknown, "attacks: [typo]\nbudgetWordz: 3\n");
        RunCommandTest.Run r = RunCommandTest.run("run", "llmqa", "--system", "lexicon", "-c", unknown.toString(), "--print-config");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("qa.yaml").contains("budgetWordz").contains("budgetWords");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "sentences: trained\n");
        RunCommandTest.Run b = RunCommandTest.run("run", "llmqa", "--system", "lexicon", "-c", bad.toString(), "--print-config");
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.err()).contains("config field 'sentences'");
        Path ok = dir.resolve("ok.yaml");
        Files.writeString(ok, "attacks: [typo, synonym]\nsentences: all\n");
        RunCommandTest.Run p = RunCommandTest.run("run", "llmqa", "--system", "lexicon", "--quick", "-c", ok.toString(), "--print-config");
        assertThat(p.code()).isZero();
        assertThat(p.out()).contains("sentences: \"all\"").contains("items: 150").contains("- \"synonym\"").doesNotContain("- \"homophone\"");
    }

    @Test
    void optionsThatDoNotFitTheSystemAreUsageErrors(@TempDir Path dir) {
        RunCommandTest.Run chat = RunCommandTest.run("serve", "--system", "chat");
        assertThat(chat.code()).isEqualTo(2);
        assertThat(chat.err()).contains("native --system");
        RunCommandTest.Run noUrl = RunCommandTest.run("run", "llmqa", "--system", "chat", "--out", dir.resolve("x").toString());
        assertThat(noUrl.code()).isEqualTo(2);
        assertThat(noUrl.err()).contains("--base-url");
        RunCommandTest.Run trainedOn = RunCommandTest.run("run", "llmqa", "--system", "lexicon", "--trained-on", "lm", "--out", dir.resolve("y").toString());
        assertThat(trainedOn.code()).isEqualTo(2);
        assertThat(trainedOn.err()).contains("--trained-on");
    }
}
