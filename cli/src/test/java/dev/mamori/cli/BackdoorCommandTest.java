package dev.mamori.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mamori.methods.backdoor.experiment.BackdoorConfig;
import dev.mamori.methods.common.run.RunDirectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        // the attacks used are blend alone (badnets still appears among the defined attacks and the ResNet's own list)
        assertThat(q.out()).contains("seeds: 1").contains("epochs: 9").contains("useAttacks:\n- \"blend\"\ndefenses:");
        assertThat(run("run", "backdoor", "--quick", "--full", "--print-config").code()).isEqualTo(2);
    }

    /**
     * {@code --resume RUN_DIR} reads the config stored in the run directory, whichever preset it was made from (its
     * models and attacks are maps merged into a preset's, so it must be read over its own); options that would
     * change it are refused.
     */
    @Test
    void aResumedRunReadsItsStoredConfigWhateverItsPreset(@TempDir Path dir) throws Exception {
        for (String preset : List.of("--quick", "--full")) {
            Path runDir = dir.resolve(preset.substring(2));
            try (RunDirectory r = RunDirectory.open(runDir, preset.equals("--quick") ? BackdoorConfig.quick() : BackdoorConfig.full(),
                    RunDirectory.Mode.NEW)) {
                assertThat(r.resumed()).isFalse();
            }
            RunCommandTest.Run resumed = run("run", "backdoor", "--resume", runDir.toString(), "--print-config");
            assertThat(resumed.code()).as(resumed.err()).isZero();
            assertThat(resumed.out()).isEqualTo(run("run", "backdoor", preset, "--print-config").out());
        }
        Path quick = dir.resolve("quick");
        assertThat(run("run", "backdoor", "--resume", quick.toString(), "--full").err()).contains("leave out --full");
        assertThat(run("run", "backdoor", "--resume", quick.toString(), "--quick").err()).contains("leave out -c and --quick");
        assertThat(run("run", "backdoor", "--resume", quick.toString(), "--out", dir.resolve("x").toString()).err())
                .contains("--out: a resumed run stays in its directory");
        RunCommandTest.Run none = run("run", "backdoor", "--resume", dir.resolve("none").toString());
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("there is no such directory");
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
