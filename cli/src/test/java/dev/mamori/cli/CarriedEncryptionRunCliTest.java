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
 * {@code run encryption} carried to another machine: a finished run reduced to its config.json and journal.jsonl (no
 * keys/, models, checkpoints, encrypted splits or stage folders) and resumed with {@code --resume} writes the report
 * of the run it came from without training, encrypting or drawing a key; the same journal with its last stages cut
 * off (and a half-written line, as a kill leaves it) redoes exactly those stages, from scratch, with keys drawn afresh,
 * and ends with the same measurements. Reproducible keys, so that the redone stages' keys are the same as the first
 * run's (their random ids are masked).
 */
class CarriedEncryptionRunCliTest {
    private static final String UNET_FIGURE = "figures/fashion-mnist-unet.png";

    @Test
    void aRunCarriedAsConfigAndJournalResumesToTheSameReportRedoingOnlyUnfinishedStages(@TempDir Path dir) throws Exception {
        CliProcess.requireFashionMnist();
        Path cfg = dir.resolve("tiny.yaml");
        Files.writeString(cfg, """
                datasets: [fashion-mnist]
                datasetSettings: {fashion-mnist: {trainSubset: 120, testSubset: 40, epochs: 2}}
                schemes: [pe, neuracrypt]
                unetSchemes: [pe]
                convMixerSchemes: []
                reproducibleKeys: true
                neuraCryptHidden: 8
                neuraCryptOutputDim: 8
                neuraCryptDepth: 1
                vitDim: 8
                vitDepth: 1
                vitHeads: 2
                batchSize: 32
                encodeBatchSize: 20
                breakTargets: 20
                breakEncoders: 2
                breakImagesPerEncoder: 10
                breakSteps: 5
                breakBatchSize: 32
                breakCandidates: 3
                breakRefinements: 1
                unetSteps: 3
                unetBatchSize: 4
                unetBaseChannels: 2
                unetDepth: 1
                unetEvalImages: 8
                gridImages: 3
                """, StandardCharsets.UTF_8);
        Path original = dir.resolve("original");
        expect(run(dir, "original", "run", "encryption", "--quick", "-c", cfg.toString(), "--out", original.toString()), 0);
        List<String> stages = List.of("fashion-mnist/seed0/plain", "fashion-mnist/seed0/pe/encrypted", "fashion-mnist/seed0/pe",
                "fashion-mnist/seed0/neuracrypt/encrypted", "fashion-mnist/seed0/neuracrypt", "fashion-mnist/break-seed0/neuracrypt",
                "fashion-mnist/unet-seed0/pe");
        assertThat(ExperimentKillResumeCliTest.journalTasks(original)).isEqualTo(stages);
        assertThat(original.resolve("keys")).isNotEmptyDirectory();

        // everything finished: the journal alone gives the report, nothing is recomputed
        Path carried = CarriedRuns.carry(original, dir.resolve("carried"), 0);
        CliProcess.Result all = run(dir, "carried", "run", "encryption", "--resume", carried.toString());
        expect(all, 0, "resuming the encryption run in " + carried, "done earlier");
        assertThat(all.err().lines().filter(l -> l.contains("(done earlier)"))).as("the three classifiers, read back").hasSize(3);
        assertThat(all.err()).contains("matching attack on fashion-mnist/neuracrypt: done earlier", "U-Net baseline against pe on fashion-mnist: done earlier")
                .doesNotContain("drawing it now").doesNotContain("encrypted 120 training images").doesNotContain("neuracrypt, owner key")
                .doesNotContain("U-Net baseline against pe on fashion-mnist (");
        assertThat(carried.resolve("keys")).as("no key drawn").doesNotExist();
        assertThat(carried.resolve("fashion-mnist")).as("no stage folder (no model, checkpoint or split)").doesNotExist();
        // every number of the report, wall-clock seconds and key ids included, as they were journaled
        assertThat(CarriedRuns.reportNumbers(carried.resolve("results.json")))
                .isEqualTo(CarriedRuns.reportNumbers(original.resolve("results.json")));
        assertThat(Files.mismatch(carried.resolve(UNET_FIGURE), original.resolve(UNET_FIGURE))).as("the U-Net grid, drawn from the journal")
                .isEqualTo(-1L);
        assertThat(ExperimentKillResumeCliTest.journalTasks(carried)).isEqualTo(stages);

        // the last three stages not finished (the NeuraCrypt classifier, the matching attack, the U-Net) and a line cut mid-write
        Path partial = CarriedRuns.carry(original, dir.resolve("partial"), 3);
        CliProcess.Result rest = run(dir, "partial", "run", "encryption", "--resume", partial.toString());
        expect(rest, 0, "fashion-mnist-neuracrypt-seed0: no key file", "fashion-mnist-neuracrypt-break-seed0: no key file",
                "drawing it now from the seeds", "U-Net baseline against pe on fashion-mnist (");
        assertThat(rest.err()).doesNotContain("fashion-mnist-pe-seed0: no key file");
        assertThat(partial.resolve("fashion-mnist/seed0/plain-vit")).as("a finished classifier, not trained again").doesNotExist();
        assertThat(partial.resolve("fashion-mnist/seed0/pe-vit")).as("a finished classifier, not trained again").doesNotExist();
        assertThat(partial.resolve("fashion-mnist/seed0/neuracrypt-token-vit/model.safetensors")).as("the unfinished classifier, trained").exists();
        try (var keys = Files.list(partial.resolve("keys"))) {
            assertThat(keys.map(k -> k.getFileName().toString()).sorted().toList()).as("keys drawn for the unfinished stages only")
                    .containsExactly("fashion-mnist-neuracrypt-break-seed0.key", "fashion-mnist-neuracrypt-seed0.key");
        }
        assertThat(ExperimentKillResumeCliTest.measuredResults(partial)).isEqualTo(ExperimentKillResumeCliTest.measuredResults(original));
        assertThat(Files.mismatch(partial.resolve(UNET_FIGURE), original.resolve(UNET_FIGURE))).as("the U-Net grid of the redone stage")
                .isEqualTo(-1L);
        assertThat(ExperimentKillResumeCliTest.journalTasks(partial)).isEqualTo(stages);
    }
}
