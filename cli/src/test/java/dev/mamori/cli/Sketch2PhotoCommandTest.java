package dev.mamori.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mamori run sketch2photo}: help, the effective config, config errors, and a missing run folder to resume. */
class Sketch2PhotoCommandTest {

    @Test
    void helpAndPrintConfig() {
        RunCommandTest.Run list = RunCommandTest.run("run", "--help");
        assertThat(list.out()).contains("sketch2photo");
        RunCommandTest.Run q = RunCommandTest.run("run", "sketch2photo", "--quick", "--print-config");
        assertThat(q.code()).isZero();
        assertThat(q.out()).contains("seeds: 3").contains("testSketches: 48").contains("dataset: \"openmoji-sketch\"")
                .contains("trainRawEdgeModels: true").contains("run: \"\"");
    }

    @Test
    void aWrongDatasetIsAUsageErrorNamingTheField(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("s.yaml");
        Files.writeString(cfg, "diffusion:\n  dataset: emoji-category\n");
        RunCommandTest.Run r = RunCommandTest.run("run", "sketch2photo", "-c", cfg.toString(), "--print-config");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("s.yaml").contains("diffusion.dataset").contains("openmoji-sketch");
    }

    @Test
    void anUnknownBaseFieldIsAUsageErrorNamingIt(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("b.yaml");
        Files.writeString(cfg, "base:\n  pipeline: somewhere\n");
        RunCommandTest.Run r = RunCommandTest.run("run", "sketch2photo", "-c", cfg.toString(), "--print-config");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("b.yaml").contains("pipeline");
    }

    @Test
    void resumingAMissingFolderIsAClearError(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-run");
        RunCommandTest.Run r = RunCommandTest.run("run", "sketch2photo", "--resume", missing.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("cannot resume").contains(missing.toString()).contains("there is no such directory");
    }
}
