package dev.mamori.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.mamori.cli.CliProcess.expect;
import static dev.mamori.cli.CliProcess.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run genattack-ldm} carried to another machine as its config.json and journal.jsonl: with every cell (scheme,
 * seed) scored, the resumed run writes the same report without the judge, the VAE or any attack's weights (nothing is
 * trained or loaded); with the last cell not scored (its U-Net not finished, its latent diffusion model journaled as
 * finished but its weights not carried, and a half-written line) it trains again what that cell needs - the judge and
 * the VAE included, whose weights were not carried either - and ends with the same measurements.
 */
class CarriedGenAttackLdmRunCliTest {

    @Test
    void aRunCarriedAsConfigAndJournalResumesToTheSameReportRedoingOnlyUnscoredCells(@TempDir Path dir) throws Exception {
        CliProcess.requireDataset("emoji-faces");
        Path cfg = dir.resolve("tiny.yaml");
        Files.writeString(cfg, """
                trainSubset: 32
                testSubset: 6
                schemes: [etc, gray_etc]
                seeds: 1
                examples: 2
                vaeEpochs: 1
                vaeBatchSize: 16
                ldmWidth: 16
                ldmUnetChannels: [16]
                ldmEpochs: 1
                ldmBatchSize: 16
                ldmSamplingSteps: 2
                unetSteps: 2
                unetBatchSize: 8
                unetBaseChannels: 4
                unetDepth: 1
                judgeEpochs: 1
                judgeModelConfig: {dim: 16, depth: 1, patchSize: 4}
                """, StandardCharsets.UTF_8);
        Path original = dir.resolve("original");
        expect(run(dir, "original", "run", "genattack-ldm", "--quick", "-c", cfg.toString(), "--out", original.toString()), 0);
        List<String> stages = List.of("judge", "vae", "ldm/etc/seed0", "unet/etc/seed0", "compare/etc/seed0", "ldm/gray_etc/seed0",
                "unet/gray_etc/seed0", "compare/gray_etc/seed0");
        assertThat(ExperimentKillResumeCliTest.journalTasks(original)).isEqualTo(stages);
        List<String> figures = CarriedRuns.files(original.resolve("report/figures"));
        assertThat(figures).hasSize(2);

        // every cell scored: the journal alone gives the report
        Path carried = CarriedRuns.carry(original, dir.resolve("carried"), 0);
        CliProcess.Result all = run(dir, "carried", "run", "genattack-ldm", "--resume", carried.toString());
        expect(all, 0, "etc/seed0: done earlier", "gray_etc/seed0: done earlier");
        assertThat(all.err()).doesNotContain("judge:").doesNotContain("vae:").doesNotContain("training").doesNotContain("scoring");
        for (String stage : List.of("judge", "vae", "ldm", "unet")) assertThat(carried.resolve(stage)).as("nothing trained or loaded").doesNotExist();
        assertThat(CarriedRuns.reportNumbers(carried.resolve("report/results.json")))
                .isEqualTo(CarriedRuns.reportNumbers(original.resolve("report/results.json")));
        assertSameGrids(carried, original, figures, "drawn from the journal");
        assertThat(ExperimentKillResumeCliTest.journalTasks(carried)).isEqualTo(stages);

        // the last cell not scored: its U-Net unfinished, its LDM finished but without weights
        Path partial = CarriedRuns.carry(original, dir.resolve("partial"), 2);
        CliProcess.Result rest = run(dir, "partial", "run", "genattack-ldm", "--resume", partial.toString());
        expect(rest, 0, "etc/seed0: done earlier", "judge: training", "vae: finished earlier, but", "ldm/gray_etc/seed0: finished earlier, but",
                "unet/gray_etc/seed0: training", "gray_etc/seed0: scoring");
        assertThat(rest.err()).doesNotContain("ldm/etc/seed0").doesNotContain("unet/etc/seed0");
        assertThat(ExperimentKillResumeCliTest.measuredResults(partial.resolve("report")))
                .isEqualTo(ExperimentKillResumeCliTest.measuredResults(original.resolve("report")));
        assertSameGrids(partial, original, figures, "redone");
        assertThat(ExperimentKillResumeCliTest.journalTasks(partial)).isEqualTo(stages);
    }

    /** Each figure of the run's report has the original's bytes. */
    private static void assertSameGrids(Path run, Path original, List<String> figures, String how) throws Exception {
        for (String f : figures) {
            assertThat(Files.mismatch(run.resolve("report/figures").resolve(f), original.resolve("report/figures").resolve(f)))
                    .as("grid %s, %s", f, how).isEqualTo(-1L);
        }
    }
}
