package dev.mamori.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mamori run keydefense}: help, config errors (exit code 2, naming file and field), and the effective config. */
class RunCommandTest {
    record Run(int code, String out, String err) {}

    /** Runs the CLI with picocli's output and error streams captured. */
    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        PrintWriter outWriter = new PrintWriter(out), errWriter = new PrintWriter(err);
        cl.setOut(outWriter);
        cl.setErr(errWriter);
        int code = cl.execute(args);
        outWriter.flush();
        errWriter.flush();
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpDescribesTheExperiment() {
        Run r = run("run", "keydefense", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: mamori run keydefense").contains("--config").contains("--quick").contains("--out");
        Run list = run("run", "--help");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("keydefense");
    }

    @Test
    void anUnknownConfigFieldIsAUsageErrorNamingFileAndField(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("kd.yaml");
        Files.writeString(cfg, "attackExamples: 100\nhillClimbSwapz: 3\n");
        Run r = run("run", "keydefense", "-c", cfg.toString(), "--print-config");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("kd.yaml").contains("hillClimbSwapz").contains("hillClimbSwaps");
    }

    @Test
    void aNestedUnknownFieldAndABadValueAreUsageErrors(@TempDir Path dir) throws Exception {
        Path nested = dir.resolve("nested.yaml");
        Files.writeString(nested, "backbones:\n  vit:\n    epoch: 3\n");
        Run r = run("run", "keydefense", "-c", nested.toString(), "--print-config");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nested.yaml").contains("'epoch'");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "adaptiveExamples: 100000\n");
        Run b = run("run", "keydefense", "-c", bad.toString(), "--print-config");
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.err()).contains("config field 'adaptiveExamples'");
    }

    @Test
    void printConfigShowsTheMergedEffectiveConfig(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("kd.yaml");
        Files.writeString(cfg, "backbones:\n  vit:\n    epochs: 7\nkeyKinds: [ffx]\n");
        Run r = run("run", "keydefense", "--quick", "-c", cfg.toString(), "--print-config");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("epochs: 7").contains("embedDim: 48").contains("attackExamples: 50").contains("- \"ffx\"")
                .doesNotContain("- \"shuffle\"");
        Run d = run("run", "keydefense", "--print-config");
        assertThat(d.code()).isZero();
        assertThat(d.out()).contains("attackExamples: 100").contains("pgdSteps: 50").contains("squareQueries: 5000").contains("- \"negative_positive\"");
    }
}
