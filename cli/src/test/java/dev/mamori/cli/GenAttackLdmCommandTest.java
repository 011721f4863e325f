package dev.mamori.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mamori run genattack-ldm}: listed and described, the quick preset's effective config, a bad field named, --resume's rules. */
class GenAttackLdmCommandTest {

    @Test
    void isListedAndPrintsTheQuickConfig() {
        assertThat(RunCommandTest.run("run", "--help").out()).contains("genattack-ldm");
        RunCommandTest.Run r = RunCommandTest.run("run", "genattack-ldm", "--quick", "--print-config");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("testSubset: 32").contains("seeds: 3").contains("gray_etc").contains("ganModel");
    }

    @Test
    void aBadFieldIsAUsageErrorAndResumeTakesNoConfig(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("ldm.yaml");
        Files.writeString(cfg, "ldmConditionDropout: 1.5\n");
        RunCommandTest.Run r = RunCommandTest.run("run", "genattack-ldm", "-c", cfg.toString(), "--print-config");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("ldm.yaml").contains("ldmConditionDropout");
        RunCommandTest.Run resume = RunCommandTest.run("run", "genattack-ldm", "--resume", dir.toString(), "--quick");
        assertThat(resume.code()).isNotZero();
        assertThat(resume.err()).contains("--resume");
    }
}
