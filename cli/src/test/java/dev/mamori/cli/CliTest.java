package dev.mamori.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line contract: help for every command, exit codes, and errors that name the bad input. */
class CliTest {

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"quickstart", "train", "eval", "data", "bench", "report"})
    void everyCommandHasHelp(String command) {
        Run r = run(command, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: mamori " + command);
    }

    /** The registry's classifiers with their descriptions and reference parameter counts, family by family. */
    @Test
    void trainListsTheRegisteredClassifiers() {
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            code = run("train", "--list-models").code();
        } finally {
            System.setOut(saved);
        }
        String out = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(out).contains("resnet18").contains("11,689,512 parameters").contains("convmixer_128_8").contains("simple_cnn");
        assertThat(out.indexOf("vit_mini_patch4_28")).isLessThan(out.indexOf("convmixer_128_8"));
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run r = run("train", "--no-such-option");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--no-such-option");
    }

    @Test
    void unknownConfigFieldIsNamedWithItsFile(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("exp.yaml");
        Files.writeString(cfg, "model: convmixer_128_8\nepochz: 3\n");
        Run r = run("train", "-c", cfg.toString(), "--print-config");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("exp.yaml").contains("epochz");
    }

    @Test
    void invalidConfigValueNamesTheField(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("exp.yaml");
        Files.writeString(cfg, "optimizer: rmsprop\n");
        Run r = run("train", "-c", cfg.toString(), "--print-config");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("optimizer").contains("sgd, adam, adamw");
    }

    @Test
    void configAndOptionsMergeWithOptionsWinning(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("exp.yaml");
        Files.writeString(cfg, "model: vit_mini_patch4_28\nepochs: 3\nlr: 0.002\n");
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        System.setOut(new java.io.PrintStream(buf));
        int code;
        try {
            code = Main.commandLine().execute("train", "-c", cfg.toString(), "--epochs", "7", "--print-config");
        } finally {
            System.setOut(old);
        }
        assertThat(code).isZero();
        assertThat(buf.toString()).contains("model: \"vit_mini_patch4_28\"").contains("epochs: 7").contains("lr: 0.002");
    }

    @Test
    void reportOfANonReportDirectoryIsAUsageError(@TempDir Path dir) {
        Run r = run("report", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("results.json");
    }

    @Test
    void unknownBenchmarkSuiteIsAUsageError() {
        Run r = run("bench", "gpu");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown benchmark suite 'gpu'");
    }

    @Test
    void dataListShowsTheKnownDatasets() {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        System.setOut(new java.io.PrintStream(buf));
        try {
            assertThat(Main.commandLine().execute("data", "list")).isZero();
        } finally {
            System.setOut(old);
        }
        assertThat(buf.toString()).contains("fashion-mnist").contains("cifar10").contains("celeba")
                .contains("emoji-category").contains("emoji-faces").contains("openmoji-sketch");
    }

    @Test
    void modelConfigOverridesAreTypedAndDatasetOptionsKept() {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        System.setOut(new java.io.PrintStream(buf));
        int code;
        try {
            code = Main.commandLine().execute("train", "--model", "convmixer_256_8", "--model-config", "dim=128,patchSize=4,activation=relu",
                    "--dataset", "emoji-category:split=vendor", "--print-config");
        } finally {
            System.setOut(old);
        }
        assertThat(code).isZero();
        assertThat(buf.toString()).contains("dim: 128").contains("patchSize: 4").contains("activation: \"relu\"")
                .contains("dataset: \"emoji-category:split=vendor\"");
        Run bad = run("train", "--model-config", "dim", "--print-config");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--model-config").contains("KEY=VALUE");
    }

    @Test
    void unknownOptInVendorIsAUsageError() {
        Run r = run("data", "fetch", "emoji-category", "--vendors", "samsung");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("samsung").contains("apple");
    }
}
