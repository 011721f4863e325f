package dev.mamori.methods.accesscontrol;

import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.methods.accesscontrol.experiment.AccessControlConfig;
import dev.mamori.methods.accesscontrol.experiment.AccessControlExperiment;
import dev.mamori.methods.accesscontrol.experiment.SchemeResult;
import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.Verdict;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.SecretKeyFile;
import dev.mamori.methods.testing.KeyLeaks;
import dev.mamori.methods.testing.RealDatasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A tiny end-to-end run of the access-control experiment on real emoji canvases: every condition is measured, the
 * claims have verdicts (not measured exactly where a measurement is missing), the owner's and attacker's keys are
 * owner-only files whose material appears in neither the log nor the report, a run directory holding a run is
 * refused, and a resumed run reads its keys and finished stages back.
 */
class AccessControlExperimentTest {
    @TempDir Path dir;

    private static AccessControlConfig tiny() {
        AccessControlConfig c = AccessControlConfig.quick();
        c.dataset = "emoji-detection:train-count=60,test-count=20";
        c.trainImages = 40;
        c.testImages = 20;
        c.seeds = new ArrayList<>(List.of(0L, 1L));
        c.epochs = 1;
        c.batchSize = 16;
        c.featureTransforms = new ArrayList<>(List.of("pixel_shuffle", "channel_shuffle", "negative_positive"));
        c.stages = new ArrayList<>(List.of(1));
        c.inputTransforms = new ArrayList<>(List.of("pixel_shuffle"));
        c.wrongKeys = 3;
        c.wrongKeyImages = 10;
        c.attackerFraction = 0.1;
        c.attackerEpochs = 1;
        c.keys = "seeded";
        return c;
    }

    @Test
    void measuresEveryConditionAndKeepsKeysOutOfLogsAndReports() throws Exception {
        DataCatalog catalog = RealDatasets.require("emoji-detection");
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        AccessControlExperiment.Result r;
        try (PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8)) {
            r = AccessControlExperiment.run(tiny(), dir.resolve("run"), catalog, log);
        }
        assertThat(r.seeds()).hasSize(2);
        for (var seed : r.seeds()) {
            assertThat(seed.schemes()).extracting(s -> s.scheme().id()).containsExactly("stage1/pixel_shuffle/M2", "stage1/channel_shuffle",
                    "stage1/negative_positive/M2", "input/pixel_shuffle/M4");
            assertThat(seed.attackerScratch()).isNotNull();
            for (SchemeResult s : seed.schemes()) {
                assertThat(s.wrongKeyAp()).hasSize(3);
                assertThat(s.attacker()).isNotNull();
                assertThat(s.rightKey().ap()).isBetween(0.0, 1.0);
            }
        }
        assertThat(r.claims()).hasSize(5);
        assertThat(r.claims()).extracting(Claim::verdict).doesNotContain(Verdict.NOT_MEASURED);

        Path keys = r.directory().resolve("keys");
        List<Path> keyFiles;
        try (Stream<Path> s = Files.list(keys)) {
            keyFiles = s.sorted().toList();
        }
        assertThat(keyFiles).hasSize(2 * 4 * 2);                          // seeds x schemes x (owner, attacker)
        String log = logBytes.toString(StandardCharsets.UTF_8);
        String report = Files.readString(r.report().markdown()) + Files.readString(r.report().html()) + Files.readString(r.report().resultsJson());
        for (Path f : keyFiles) {
            assertThat(SecretKeyFile.isOwnerOnly(f)).as(f.toString()).isTrue();
            SecretKey k = SecretKey.load(f);
            assertThat(KeyLeaks.foundIn(log, k)).as("key material of %s in the log", f.getFileName()).isEmpty();
            assertThat(KeyLeaks.foundIn(report, k)).as("key material of %s in the report", f.getFileName()).isEmpty();
            if (f.getFileName().toString().endsWith("_owner.key")) assertThat(log).contains(k.id());
        }
        assertThat(report).contains("seeded from the run's seed").contains("stage1/negative_positive/M2").contains("wrong keys");
        assertThatThrownBy(() -> AccessControlExperiment.run(tiny(), dir.resolve("run"), catalog, new PrintStream(new ByteArrayOutputStream())))
                .hasMessageContaining("already holds a run");
    }

    /**
     * A run cut short after the owner's detector was trained and evaluated (its journal without the attacker's stage),
     * resumed: the finished stages are read back, not redone; the owner's and the attacker's SecureRandom keys are read
     * back from keys/ (the same ids, the files untouched), and the attacker's fine-tuning, redone from the owner's final
     * checkpoint with the stored attacker key, measures what the first attempt measured.
     */
    @Test
    void aResumedRunReadsItsKeysBackAndRedoesOnlyUnfinishedStages() throws Exception {
        DataCatalog catalog = RealDatasets.require("emoji-detection");
        AccessControlConfig c = tiny();
        c.seeds = new ArrayList<>(List.of(0L));
        c.featureTransforms = new ArrayList<>(List.of("channel_shuffle"));
        c.inputTransforms = new ArrayList<>();
        c.wrongKeys = 2;
        c.attackerFromScratch = false;
        c.keys = "secure";
        Path runDir = dir.resolve("resumed");
        AccessControlExperiment.Result first = AccessControlExperiment.run(c, runDir, catalog, new PrintStream(new ByteArrayOutputStream()));
        String firstReport = Files.readString(first.report().markdown());
        Path keys = runDir.resolve("keys");
        byte[] owner = Files.readAllBytes(keys.resolve("seed0_stage1_channel_shuffle_owner.key"));
        byte[] attacker = Files.readAllBytes(keys.resolve("seed0_stage1_channel_shuffle_attacker.key"));

        // as if killed during the attacker's fine-tuning: its stage is not in the journal, its checkpoints are gone
        Path journal = runDir.resolve(RunDirectory.JOURNAL);
        List<String> kept = Files.readAllLines(journal).stream().filter(l -> !l.contains("/attacker\"")).toList();
        assertThat(kept).hasSize(3);                                        // the config line, plain, owner
        Files.write(journal, kept);
        deleteTree(runDir.resolve("seed0/stage1_channel_shuffle/attacker"));

        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        AccessControlExperiment.Result second;
        try (RunDirectory run = RunDirectory.open(runDir, c, RunDirectory.Mode.RESUME);
             PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8)) {
            second = AccessControlExperiment.run(c, run, catalog, log);
        }
        String log = logBytes.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("unprotected AP").contains("done earlier");
        SchemeResult a = first.seeds().get(0).schemes().get(0), b = second.seeds().get(0).schemes().get(0);
        assertThat(b.keyFingerprint()).isEqualTo(a.keyFingerprint());
        assertThat(b.attackerKeyFingerprint()).isEqualTo(a.attackerKeyFingerprint());
        assertThat(Files.readAllBytes(keys.resolve("seed0_stage1_channel_shuffle_owner.key"))).isEqualTo(owner);
        assertThat(Files.readAllBytes(keys.resolve("seed0_stage1_channel_shuffle_attacker.key"))).isEqualTo(attacker);
        assertThat(b.rightKey()).isEqualTo(a.rightKey());
        assertThat(b.wrongKeyAp()).isEqualTo(a.wrongKeyAp());
        assertThat(b.attacker()).as("the attacker's fine-tuning redone with the stored key").isEqualTo(a.attacker());
        assertThat(second.seeds().get(0).plain()).isEqualTo(first.seeds().get(0).plain());
        // the report does not pass this attempt's minutes off as the experiment's time
        assertThat(firstReport).contains("Total time").doesNotContain("This attempt took");
        assertThat(Files.readString(second.report().markdown())).doesNotContain("Total time")
                .contains("This attempt took").contains("had trained 2 of its 3 models");
    }

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }

    @Test
    void missingMeasurementsAreNotMeasured() throws Exception {
        DataCatalog catalog = RealDatasets.require("emoji-detection");
        AccessControlConfig c = tiny();
        c.seeds = new ArrayList<>(List.of(3L));
        c.featureTransforms = new ArrayList<>(List.of("channel_shuffle"));
        c.inputTransforms = new ArrayList<>();
        c.wrongKeys = 0;
        c.attackerFraction = 0;
        AccessControlExperiment.Result r = AccessControlExperiment.run(c, dir.resolve("sparse"), catalog, new PrintStream(new ByteArrayOutputStream()));
        assertThat(r.claims().get(0).verdict()).isNotEqualTo(Verdict.NOT_MEASURED);
        assertThat(r.claims().subList(1, 5)).extracting(Claim::verdict).containsOnly(Verdict.NOT_MEASURED);
        assertThat(r.claims().get(3).evidence()).contains("inputTransforms is empty");
    }

    @Test
    void configErrorsNameTheField() {
        AccessControlConfig c = AccessControlConfig.defaults();
        c.featureTransforms = new ArrayList<>(List.of("rotate"));
        assertThatThrownBy(c::validate).hasMessageContaining("config field 'featureTransforms'").hasMessageContaining("rotate");
        AccessControlConfig k = AccessControlConfig.defaults();
        k.keys = "weak";
        assertThatThrownBy(k::validate).hasMessageContaining("config field 'keys'");
        AccessControlConfig s = AccessControlConfig.defaults();
        s.stages = new ArrayList<>(List.of(0));
        assertThatThrownBy(s::validate).hasMessageContaining("config field 'stages'");
        assertThat(AccessControlConfig.defaults().keys).isEqualTo("secure");
        assertThat(AccessControlConfig.defaults().schemes()).hasSize(8);
    }
}
