package dev.mamori.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mamori run genattack-gan}: listed, the quick config merged with a file, config errors naming the field, resume options. */
class GenAttackGanCommandTest {

    @Test
    void quickConfigWithAFileAndErrors(@TempDir Path dir) throws Exception {
        assertThat(RunCommandTest.run("run", "--help").out()).contains("genattack-gan");
        Path cfg = dir.resolve("g.yaml");
        Files.writeString(cfg, "schemes: [etc, pe]\nattributeSchemes: [etc]\nencoderEpochs: 4\n");
        RunCommandTest.Run r = RunCommandTest.run("run", "genattack-gan", "--quick", "-c", cfg.toString(), "--print-config");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("encoderEpochs: 4").contains("unetSteps: 120").contains("- \"pe\"").doesNotContain("- \"le\"");

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "schemes: [neuracrypt]\n");
        RunCommandTest.Run b = RunCommandTest.run("run", "genattack-gan", "-c", bad.toString(), "--print-config");
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.err()).contains("bad.yaml").contains("schemes");

        RunCommandTest.Run resume = RunCommandTest.run("run", "genattack-gan", "--resume", dir.resolve("none").toString(), "--quick");
        assertThat(resume.code()).isNotZero();
        assertThat(resume.err()).contains("--resume");
    }
}
