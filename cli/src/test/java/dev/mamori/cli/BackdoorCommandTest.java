package dev.mamori.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.mamori.cli.RunCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code mamori run backdoor}: help, presets, config errors (exit code 2 naming file and field). */
class BackdoorCommandTest {

    @Test
    void helpDescribesTheExperimentAndItsPresets() {
        RunCommandTest.Run r = run("run", "backdoor", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: mamori run backdoor").contains("--quick").contains("--full").contains("--config").contains("BadNets");
        assertThat(run("run", "--help").out()).contains("backdoor");
    }

    @Test
    void presetsAndAConfigFileMakeTheEffectiveConfig(@TempDir Path dir) throws Exception {
        RunCommandTest.Run d = run("run", "backdoor", "--print-config");
        assertThat(d.code()).isZero();
        assertThat(d.out()).contains("- \"emoji-category\"").contains("seeds: 3").contains("baselineSampleSizes:\n- 50");
        RunCommandTest.Run f = run("run", "backdoor", "--full", "--print-config");
        assertThat(f.out()).contains("baselineSampleSizes: []");
        Path cfg = dir.resolve("bd.yaml");
        Files.writeString(cfg, "useAttacks: [blend]\nmodels:\n  cnn:\n    epochs: 9\n");
        RunCommandTest.Run q = run("run", "backdoor", "--quick", "-c", cfg.toString(), "--print-config");
        assertThat(q.code()).isZero();
        assertThat(q.out()).contains("seeds: 1").contains("epochs: 9").contains("- \"blend\"").doesNotContain("- \"badnets\"");
        assertThat(run("run", "backdoor", "--quick", "--full", "--print-config").code()).isEqualTo(2);
    }

    @Test
    void badConfigsAreUsageErrors(@TempDir Path dir) throws Exception {
        Path unknown = dir.resolve("u.yaml");
        Files.writeString(unknown, "defences: [anp]\n");
        RunCommandTest.Run r = run("run", "backdoor", "-c", unknown.toString(), "--print-config");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("u.yaml").contains("defences").contains("defenses");
        Path bad = dir.resolve("b.yaml");
        Files.writeString(bad, "defenses: [ours_known, magic]\n");
        RunCommandTest.Run b = run("run", "backdoor", "-c", bad.toString(), "--print-config");
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.err()).contains("config field 'defenses'").contains("magic");
    }
}
