package dev.mamori.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    /**
     * {@code run llmqa} resumes like every run command: cut short (its journal as a kill leaves it: whole lines and a
     * partial last one), a plain re-run into the directory is refused naming --resume, and {@code --resume RUN_DIR}
     * sends only the queries not yet recorded and ends with the same claims and verdicts.
     */
    @Test
    void aStudyCutShortContinuesWithResume(@TempDir Path dir) throws Exception {
        CliProcess.requireDataset("sentiment");
        Path cfg = dir.resolve("tiny.yaml");
        Files.writeString(cfg, """
                items: 24
                stabilityItems: 4
                repeats: 2
                temperatures: [0.0]
                prompts: [paper]
                systemPrompts: [""]
                attacks: [typo]
                greedyItems: 3
                greedyCandidates: 2
                """);
        Path run = dir.resolve("study");
        CliProcess.Result first = CliProcess.run(dir, "first", "run", "llmqa", "--system", "lexicon", "-c", cfg.toString(), "--out", run.toString());
        CliProcess.expect(first, 0);
        assertThat(first.out()).contains("(0 tasks resumed from the journal)");

        Path journal = run.resolve("journal.jsonl");
        List<String> lines = Files.readAllLines(journal);
        int kept = lines.size() / 2;
        assertThat(kept).isGreaterThan(3);
        Files.writeString(journal, String.join("\n", lines.subList(0, kept)) + "\n" + lines.get(kept).substring(0, lines.get(kept).length() / 2));
        Files.delete(run.resolve("results.json"));

        CliProcess.expect(CliProcess.run(dir, "rerun", "run", "llmqa", "--system", "lexicon", "-c", cfg.toString(), "--out", run.toString()), 2,
                "already holds a run", "--resume " + run);
        CliProcess.Result resumed = CliProcess.run(dir, "resumed", "run", "llmqa", "--system", "lexicon", "--resume", run.toString());
        // the journal's configuration line and the study's system line are not tasks
        CliProcess.expect(resumed, 0, "resuming the llmqa-lexicon run in " + run);
        assertThat(resumed.out()).contains("(" + (kept - 2) + " tasks resumed from the journal)");
        assertThat(claims(resumed.out())).isNotEmpty().isEqualTo(claims(first.out()));
        assertThat(Files.readAllLines(journal)).as("every task once (the line cut short removed)").hasSize(lines.size());
    }

    /** The printed claims with their verdicts. */
    private static List<String> claims(String out) {
        return out.lines().filter(l -> l.startsWith("claim ")).toList();
    }
}
