package dev.mamori.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.methods.crypto.KeySource;
import dev.mamori.methods.encryption.experiment.EncryptionExperiment;
import dev.mamori.nn.io.SafeTensors;
import dev.mamori.nn.train.Checkpoint;
import dev.mamori.nn.train.Trainer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.mamori.cli.CliProcess.expect;
import static dev.mamori.cli.CliProcess.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Experiments that train, killed with SIGKILL mid-run and continued with {@code --resume RUN_DIR} in a new process,
 * end as an uninterrupted run of the same config and seed: the same trained weights (every tensor, bit for bit), the
 * same printed numbers, one journal line per finished stage, and a plain re-run into the directory is refused.
 * The configs are tiny (numbers that mean nothing) so that each test stays short; one thread (see
 * docs/ARCHITECTURE.md, "Reproducibility").
 */
class ExperimentKillResumeCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Table columns and metrics that are wall-clock times or rates, not measurements of the models. */
    private static final Pattern TIMING = Pattern.compile("(?i)second|\\bs\\b|/s|minute|time");
    private final Random random = new Random();

    /** {@code run backdoor}: killed a random moment after the backdoored model's first checkpoint. */
    @Test
    void aBackdoorRunKilledMidTrainingResumesToTheSameModelAndNumbers(@TempDir Path dir) throws Exception {
        CliProcess.requireFashionMnist();
        Path cfg = dir.resolve("tiny.yaml");
        Files.writeString(cfg, """
                trainSubset: 400
                evalSubset: 60
                models: {cnn: {epochs: 3, config: {width: 4}}}
                attacks: {badnets: {ratio: 0.2, patchSize: 4}}
                useAttacks: [badnets]
                defenses: [ours_known, finetune]
                sampleSizes: [10]
                baselineSampleSizes: []
                fineTuneEpochs: 1
                folds: 2
                augmentCopies: 1
                lambdas: [0.01, 1.0]
                unitFractions: [0.5, 1.0]
                """, StandardCharsets.UTF_8);
        Path reference = dir.resolve("reference"), victim = dir.resolve("victim");
        CliProcess.Result ref = run(dir, "reference", "run", "backdoor", "--quick", "-c", cfg.toString(), "--out", reference.toString());
        expect(ref, 0);

        Path checkpoints = victim.resolve("models/fashion-mnist/cnn/badnets/seed0/poisoned");
        long delay = random.nextInt(150);
        Process p = CliProcess.start(dir, "victim", "run", "backdoor", "--quick", "-c", cfg.toString(), "--out", victim.toString());
        String where = "killed " + delay + " ms after the first checkpoint";
        CliProcess.killWhen(p, () -> Checkpoint.exists(checkpoints, Trainer.LAST), delay, where);
        assertThat(victim.resolve("report.html")).as(where).doesNotExist();

        expect(run(dir, "rerun", "run", "backdoor", "--quick", "-c", cfg.toString(), "--out", victim.toString()), 2, "already holds a run",
                "--resume " + victim);
        expect(run(dir, "resume-with-config", "run", "backdoor", "--resume", victim.toString(), "--quick"), 2, "leave out -c and --quick");
        CliProcess.Result resumed = run(dir, "resumed", "run", "backdoor", "--resume", victim.toString());
        expect(resumed, 0, "resuming the backdoor run in " + victim);

        assertSameTensors(Checkpoint.file(checkpoints, Trainer.LAST),
                Checkpoint.file(reference.resolve("models/fashion-mnist/cnn/badnets/seed0/poisoned"), Trainer.LAST), where);
        // the measured numbers (the backdoored model's, each defense's) as logged; the claims' verdicts can differ, as
        // one of them compares wall-clock times
        assertThat(measured(resumed.err())).as(where + ": the measured numbers").isNotEmpty().isEqualTo(measured(ref.err()));
        assertThat(resumed.out()).contains("backdoor finished in");
        assertThat(journalTasks(victim)).as("one journal line per finished stage").containsExactly("unit/fashion-mnist/cnn/badnets/seed0");
    }

    /**
     * {@code train diffusion}: killed a random moment after the UNet stage's first checkpoint (its first epoch end),
     * so the tokenizer, CLIP and VAE stages are done and the UNet continues mid-stage.
     */
    @Test
    void aDiffusionRunKilledMidStageResumesToTheSamePipelineAndNumbers(@TempDir Path dir) throws Exception {
        boolean present = DataCatalog.fromEnvironment().locate("emoji-category").isPresent();
        if (!"1".equals(System.getenv("MAMORI_REQUIRE_REAL_DATA"))) {
            Assumptions.assumeTrue(present, "the emoji packages are not installed (.ci/install-data)");
        }
        Path cfg = dir.resolve("tiny.yaml");
        Files.writeString(cfg, """
                trainSubset: 24
                clip:
                  epochs: 1
                  modelConfig: {textWidth: 16, textLayers: 1, textHeads: 2, visionWidth: 16, visionLayers: 1, visionHeads: 2, projectionDim: 16, mlpRatio: 2}
                vae:
                  epochs: 1
                  modelConfig: {blockOutChannels: [8, 16, 16], normNumGroups: 4}
                unet:
                  epochs: 2
                  modelConfig: {blockOutChannels: [16, 32], normNumGroups: 8, attentionHeads: 2}
                sampling:
                  steps: 2
                evaluation:
                  classifierEpochs: 1
                  classifierModelConfig: {dim: 16, depth: 1, patchSize: 4}
                  promptsPerCategory: 1
                  reconstructionImages: 4
                  inversionImages: 0
                  gridColumns: 2
                  guidanceScales: [5]
                """, StandardCharsets.UTF_8);
        Path reference = dir.resolve("reference"), victim = dir.resolve("victim");
        CliProcess.Result ref = run(dir, "reference", "train", "diffusion", "--quick", "-c", cfg.toString(), "--out", reference.toString());
        expect(ref, 0);

        Path unetCheckpoints = victim.resolve("checkpoints/unet");
        long delay = random.nextInt(150);
        Process p = CliProcess.start(dir, "victim", "train", "diffusion", "--quick", "-c", cfg.toString(), "--out", victim.toString());
        String where = "killed " + delay + " ms after the UNet's first checkpoint";
        CliProcess.killWhen(p, () -> Checkpoint.exists(unetCheckpoints, Trainer.LAST), delay, where);
        assertThat(victim.resolve("report.html")).as(where).doesNotExist();

        expect(run(dir, "rerun", "train", "diffusion", "--quick", "-c", cfg.toString(), "--out", victim.toString()), 2, "already holds a run");
        CliProcess.Result resumed = run(dir, "resumed", "train", "diffusion", "--resume", victim.toString());
        expect(resumed, 0, "resuming the diffusion run in " + victim, "clip: done earlier", "vae: done earlier");

        for (String f : List.of("pipeline/unet/diffusion_pytorch_model.safetensors", "pipeline/vae/diffusion_pytorch_model.safetensors",
                "pipeline/text_encoder/model.safetensors", "clip/model.safetensors", "classifier/model.safetensors")) {
            assertThat(reference.resolve(f)).as("the uninterrupted run wrote " + f).exists();
            assertThat(Files.mismatch(victim.resolve(f), reference.resolve(f))).as(where + ": " + f + " differs at byte").isEqualTo(-1L);
        }
        assertThat(printed(resumed.out(), victim)).as(where + ": the printed measurements").isEqualTo(printed(ref.out(), reference));
        assertThat(journalTasks(victim)).as("one journal line per finished stage").containsExactly("clip", "vae", "unet");
    }

    /**
     * {@code run accesscontrol} with seeded keys: killed a random moment after the owner's protected detector wrote its
     * first checkpoint; the resumed run reads the stored keys back and ends with the same detectors (the owner's and
     * the attacker's, every tensor) and the same measured numbers in its report.
     */
    @Test
    void anAccessControlRunKilledMidTrainingResumesToTheSameDetectorsAndNumbers(@TempDir Path dir) throws Exception {
        CliProcess.requireDataset("emoji-detection");
        Path cfg = dir.resolve("tiny.yaml");
        Files.writeString(cfg, """
                dataset: "emoji-detection:classes=smileys+flags,vendors=google,train-count=40,test-count=12"
                trainImages: 40
                testImages: 12
                seeds: [0]
                epochs: 2
                batchSize: 16
                featureTransforms: [channel_shuffle]
                stages: [1]
                inputTransforms: []
                wrongKeys: 2
                wrongKeyImages: 6
                attackerFraction: 0.1
                attackerEpochs: 2
                attackerFromScratch: false
                keys: seeded
                """, StandardCharsets.UTF_8);
        Path reference = dir.resolve("reference"), victim = dir.resolve("victim");
        CliProcess.Result ref = run(dir, "reference", "run", "accesscontrol", "--quick", "-c", cfg.toString(), "--out", reference.toString());
        expect(ref, 0);

        String owner = "seed0/stage1_channel_shuffle/owner", attacker = "seed0/stage1_channel_shuffle/attacker";
        long delay = random.nextInt(150);
        Process p = CliProcess.start(dir, "victim", "run", "accesscontrol", "--quick", "-c", cfg.toString(), "--out", victim.toString());
        String where = "killed " + delay + " ms after the owner's first checkpoint";
        CliProcess.killWhen(p, () -> Checkpoint.exists(victim.resolve(owner), Trainer.LAST), delay, where);
        assertThat(victim.resolve("results.json")).as(where).doesNotExist();
        assertThat(victim.resolve("keys/seed0_stage1_channel_shuffle_owner.key")).as("the owner's key, saved before training").exists();

        expect(run(dir, "rerun", "run", "accesscontrol", "--quick", "-c", cfg.toString(), "--out", victim.toString()), 2, "already holds a run",
                "--resume " + victim);
        CliProcess.Result resumed = run(dir, "resumed", "run", "accesscontrol", "--resume", victim.toString());
        expect(resumed, 0, "resuming the accesscontrol run in " + victim);

        for (String stage : List.of(owner, attacker)) {
            assertSameTensors(Checkpoint.file(victim.resolve(stage), Trainer.LAST), Checkpoint.file(reference.resolve(stage), Trainer.LAST), where + ": " + stage);
        }
        assertThat(measuredResults(victim)).as(where + ": the report's measured numbers").isEqualTo(measuredResults(reference));
        assertThat(resumed.out()).contains("accesscontrol finished in");
        assertThat(journalTasks(victim)).as("one journal line per finished stage").containsExactly("seed0/plain", owner, attacker);
    }

    /**
     * {@code run encryption} with reproducible keys: killed a random moment after the NeuraCrypt classifier's first
     * checkpoint; the resumed run reads the owner's key back, reuses the encrypted splits the training started on (the
     * per-image token shuffles are not stored) and ends with the same classifiers and the same measured numbers.
     */
    @Test
    void anEncryptionRunKilledMidTrainingResumesToTheSameClassifiersAndNumbers(@TempDir Path dir) throws Exception {
        CliProcess.requireFashionMnist();
        Path cfg = dir.resolve("tiny.yaml");
        Files.writeString(cfg, """
                datasets: [fashion-mnist]
                datasetSettings: {fashion-mnist: {trainSubset: 120, testSubset: 40, epochs: 2}}
                schemes: [neuracrypt]
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
                unetSteps: 2
                unetBatchSize: 4
                unetBaseChannels: 2
                unetDepth: 1
                unetEvalImages: 8
                gridImages: 2
                """, StandardCharsets.UTF_8);
        Path reference = dir.resolve("reference"), victim = dir.resolve("victim");
        CliProcess.Result ref = run(dir, "reference", "run", "encryption", "--quick", "-c", cfg.toString(), "--out", reference.toString());
        expect(ref, 0);

        String classifier = "fashion-mnist/seed0/neuracrypt-token-vit";
        long delay = random.nextInt(150);
        Process p = CliProcess.start(dir, "victim", "run", "encryption", "--quick", "-c", cfg.toString(), "--out", victim.toString());
        String where = "killed " + delay + " ms after the NeuraCrypt classifier's first checkpoint";
        CliProcess.killWhen(p, () -> Checkpoint.exists(victim.resolve(classifier).resolve("checkpoints"), Trainer.LAST), delay, where);
        assertThat(victim.resolve("results.json")).as(where).doesNotExist();

        expect(run(dir, "rerun", "run", "encryption", "--quick", "-c", cfg.toString(), "--out", victim.toString()), 2, "already holds a run");
        CliProcess.Result resumed = run(dir, "resumed", "run", "encryption", "--resume", victim.toString());
        expect(resumed, 0, "resuming the encryption run in " + victim);

        for (String model : List.of("fashion-mnist/seed0/plain-vit", classifier)) {
            Path f = Path.of(model, "model.safetensors");
            assertThat(reference.resolve(f)).as("the uninterrupted run wrote " + f).exists();
            assertSameTensors(victim.resolve(f), reference.resolve(f), where + ": " + f);
        }
        assertThat(measuredResults(victim)).as(where + ": the report's measured numbers").isEqualTo(measuredResults(reference));
        assertThat(victim.resolve("fashion-mnist/seed0/neuracrypt-data")).as("the encrypted splits, deleted once the stage is journaled").doesNotExist();
        assertThat(journalTasks(victim)).as("one journal line per finished stage").containsExactly("fashion-mnist/seed0/plain",
                "fashion-mnist/seed0/neuracrypt/encrypted", "fashion-mnist/seed0/neuracrypt", "fashion-mnist/break-seed0/neuracrypt",
                "fashion-mnist/unet-seed0/pe");
    }

    /**
     * {@code run encryption} killed twice inside the attacks' own trainings: first a random moment after the patch
     * matcher's first mid-training checkpoint, then (in the first resumed process) after the U-Net baseline's; each
     * resumed process continues that training from its checkpoint (it says so), and the run ends with the matcher's
     * and the U-Net's final checkpoints (weights and optimizer moments, bit for bit) and the measured numbers of an
     * uninterrupted run. Reproducible keys, so that the owner's draws redone after the kill are the same.
     */
    @Test
    void anEncryptionRunKilledInsideTheMatcherAndTheUNetTrainingsResumesToTheSameAttacks(@TempDir Path dir) throws Exception {
        CliProcess.requireFashionMnist();
        // enough steps that each loop outlasts its first checkpoint (0.2 s) and the kill's delay (< 60 ms), also on a fast machine
        int matcherSteps = 100, unetSteps = 80;
        Path cfg = dir.resolve("tiny.yaml");
        Files.writeString(cfg, """
                datasets: [fashion-mnist]
                datasetSettings: {fashion-mnist: {trainSubset: 60, testSubset: 20, epochs: 1}}
                schemes: [neuracrypt]
                unetSchemes: [pe]
                convMixerSchemes: []
                reproducibleKeys: true
                checkpointEverySeconds: 0.2
                neuraCryptHidden: 8
                neuraCryptOutputDim: 8
                neuraCryptDepth: 1
                vitDim: 8
                vitDepth: 1
                vitHeads: 2
                batchSize: 30
                encodeBatchSize: 20
                breakTargets: 20
                breakEncoders: 2
                breakImagesPerEncoder: 10
                breakSteps: %d
                breakBatchSize: 16
                breakCandidates: 3
                breakRefinements: 1
                unetSteps: %d
                unetBatchSize: 2
                unetBaseChannels: 2
                unetDepth: 1
                unetEvalImages: 8
                gridImages: 2
                """.formatted(matcherSteps, unetSteps), StandardCharsets.UTF_8);
        Path reference = dir.resolve("reference"), victim = dir.resolve("victim");
        CliProcess.Result ref = run(dir, "reference", "run", "encryption", "--quick", "-c", cfg.toString(), "--out", reference.toString());
        expect(ref, 0);

        Path matcher = Path.of("fashion-mnist/break-seed0/neuracrypt", EncryptionExperiment.MATCHER_CHECKPOINTS);
        Path unet = Path.of("fashion-mnist/unet-seed0/pe", EncryptionExperiment.UNET_CHECKPOINTS);
        long delay = random.nextInt(60);
        String where = "killed " + delay + " ms after the patch matcher's first checkpoint";
        Process p = CliProcess.start(dir, "victim", "run", "encryption", "--quick", "-c", cfg.toString(), "--out", victim.toString());
        CliProcess.killWhen(p, () -> Checkpoint.exists(victim.resolve(matcher), Trainer.LAST), delay, where);
        long matcherStep = Checkpoint.read(victim.resolve(matcher), Trainer.LAST).position().step();
        assertThat(matcherStep).as(where + ": inside the matcher's loop").isBetween(1L, matcherSteps - 1L);

        delay = random.nextInt(60);
        String where2 = where + ", then " + delay + " ms after the U-Net's first checkpoint";
        Process again = CliProcess.start(dir, "resumed-once", "run", "encryption", "--resume", victim.toString());
        CliProcess.killWhen(again, () -> Checkpoint.exists(victim.resolve(unet), Trainer.LAST), delay, where2);
        long unetStep = Checkpoint.read(victim.resolve(unet), Trainer.LAST).position().step();
        assertThat(unetStep).as(where2 + ": inside the U-Net's loop").isBetween(1L, unetSteps - 1L);
        assertThat(Files.readString(dir.resolve("resumed-once.err"))).as(where + ": the matcher continued from its checkpoint")
                .contains("patch matcher: resuming from epoch 1, batch " + matcherStep + " (step " + matcherStep + ")");

        CliProcess.Result resumed = run(dir, "resumed", "run", "encryption", "--resume", victim.toString());
        expect(resumed, 0, "resuming the encryption run in " + victim, "u-net pe: resuming from epoch 1, batch " + unetStep + " (step " + unetStep + ")");

        for (Path training : List.of(matcher, unet)) {
            assertSameTensors(Checkpoint.file(victim.resolve(training), Trainer.LAST), Checkpoint.file(reference.resolve(training), Trainer.LAST),
                    where2 + ": " + training);
        }
        assertThat(measuredResults(victim)).as(where2 + ": the report's measured numbers").isEqualTo(measuredResults(reference));
        assertThat(journalTasks(victim)).as("one journal line per finished stage").containsExactly("fashion-mnist/seed0/plain",
                "fashion-mnist/seed0/neuracrypt/encrypted", "fashion-mnist/seed0/neuracrypt", "fashion-mnist/break-seed0/neuracrypt",
                "fashion-mnist/unet-seed0/pe");
    }

    /**
     * The measured numbers of a run's results.json: its metrics and tables, without the columns and entries that are
     * wall-clock times or rates, with key ids (random even for seeded keys) masked.
     */
    static String measuredResults(Path runDir) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(runDir.resolve("results.json").toFile());
        ObjectNode kept = JSON.createObjectNode();
        ObjectNode metrics = kept.putObject("metrics");
        root.path("metrics").fields().forEachRemaining(e -> {
            if (!TIMING.matcher(e.getKey()).find()) metrics.set(e.getKey(), e.getValue());
        });
        ArrayNode tables = kept.putArray("tables");
        for (JsonNode t : root.path("tables")) {
            ObjectNode table = tables.addObject();
            table.put("title", t.path("title").asText());
            List<Integer> keep = new ArrayList<>();
            ArrayNode columns = table.putArray("columns");
            for (int i = 0; i < t.path("columns").size(); i++) {
                String c = t.path("columns").get(i).asText();
                if (!TIMING.matcher(c).find()) {
                    keep.add(i);
                    columns.add(c);
                }
            }
            ArrayNode rows = table.putArray("rows");
            for (JsonNode r : t.path("rows")) {
                ArrayNode row = rows.addArray();
                for (int i : keep) row.add(r.get(i));
            }
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(kept).replaceAll("[0-9a-f]{" + KeySource.KEY_ID_HEX_DIGITS + "}", "KEY-ID");
    }

    /**
     * {@code run keydefense}: killed a random moment after the first keyed model's attack results were journaled (every
     * keyed model is trained by then), resumed in a new process: the keys are read back (none drawn again), the finished
     * models are restored from their checkpoints, the journaled attack results are read back and the rest attacked; the
     * report's numbers equal those of an uninterrupted run with the same (seed-derived) keys, every table cell but
     * wall-clock seconds and the random key ids.
     */
    @Test
    void aKeyDefenseRunKilledAfterAKeyedModelResumesToTheSameReport(@TempDir Path dir) throws Exception {
        CliProcess.requireFashionMnist();
        Path cfg = dir.resolve("tiny.yaml");
        Files.writeString(cfg, """
                trainSubset: 400
                fineTuneSubset: 128
                testSubset: 40
                attackExamples: 16
                adaptiveExamples: 8
                blackBoxExamples: 8
                autoAttackExamples: 8
                queryExamples: 8
                reproducibleKeys: true
                useBackbones: [vit]
                backbones: {vit: {epochs: 2, config: {embedDim: 16, depth: 1, heads: 2}}}
                keyKinds: [shuffle]
                methods: [absorbed, lora, scratch, multi_key]
                keyCounts: [1, 2]
                scratchEpochs: 1
                attacks: [white_box, pgd_wrong_key, transfer_plain, square, key_search, eot_own_keys, autoattack]
                budgets: [0.01]
                squareBudgets: [0.01]
                pgdSteps: 2
                squareQueries: 5
                autoAttackSteps: 2
                autoAttackFabSteps: 0
                autoAttackSquareQueries: 5
                randomKeys: 2
                hillClimbSwaps: 3
                keySearchFinalists: 2
                """, StandardCharsets.UTF_8);
        Path reference = dir.resolve("reference"), victim = dir.resolve("victim");
        expect(run(dir, "reference", "run", "keydefense", "-c", cfg.toString(), "--out", reference.toString()), 0);

        long delay = random.nextInt(150);
        Process p = CliProcess.start(dir, "victim", "run", "keydefense", "-c", cfg.toString(), "--out", victim.toString());
        String where = "killed " + delay + " ms after the first keyed model's attacks were journaled";
        CliProcess.killWhen(p, () -> journalTasks(victim, "attacks/vit/shuffle/").size() > 0, delay, where);
        assertThat(victim.resolve("report.html")).as(where).doesNotExist();
        List<String> keyFiles = fileNames(victim.resolve("keys"));
        Map<String, byte[]> keysBefore = new java.util.TreeMap<>();
        for (String f : keyFiles) keysBefore.put(f, Files.readAllBytes(victim.resolve("keys").resolve(f)));
        List<String> attackedBefore = journalTasks(victim, "attacks/");

        CliProcess.Result resumed = run(dir, "resumed", "run", "keydefense", "--resume", victim.toString());
        expect(resumed, 0);
        // 5 keys: absorbed, lora, scratch and the multi-key model's two slots
        assertThat(resumed.err()).as(where).contains("keys: 0 keys drawn and saved, 5 read back")
                .contains("the results of " + attackedBefore.size() + " of 6 models are read back").doesNotContain("set aside");
        for (String a : attackedBefore) {
            assertThat(resumed.err().lines()).as(where + ": attacked again").doesNotContain("attacking " + a.substring("attacks/".length()));
        }
        assertThat(fileNames(victim.resolve("keys"))).as("no key drawn again").isEqualTo(keyFiles);
        for (String f : keyFiles) assertThat(Files.readAllBytes(victim.resolve("keys").resolve(f))).as(f).isEqualTo(keysBefore.get(f));

        Map<String, List<List<String>>> expected = reportTables(reference), actual = reportTables(victim);
        assertThat(expected).containsKeys("Models", "All attack outcomes", "Key search", "Claims and verdicts");
        assertThat(actual).as(where + ": the report's tables (seconds and key ids left out)").isEqualTo(expected);
        assertThat(journalTasks(victim, "attacks/")).as("one journal line per attacked model").hasSize(6).doesNotHaveDuplicates();
        assertThat(journalTasks(victim, "")).doesNotHaveDuplicates();
    }

    /** The tables of a run's results.json by title, each row as text cells, without wall-clock seconds and key ids. */
    private static Map<String, List<List<String>>> reportTables(Path runDir) throws Exception {
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(runDir.resolve("results.json").toFile());
        Map<String, List<List<String>>> out = new java.util.TreeMap<>();
        for (com.fasterxml.jackson.databind.JsonNode t : json.path("tables")) {
            List<String> columns = new java.util.ArrayList<>();
            t.path("columns").forEach(c -> columns.add(c.asText()));
            List<List<String>> rows = new java.util.ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode row : t.path("rows")) {
                List<String> cells = new java.util.ArrayList<>();
                for (int i = 0; i < columns.size(); i++) {
                    if (columns.get(i).contains("seconds") || columns.get(i).equals("key ids")) continue;
                    cells.add(row.get(i).toString());
                }
                rows.add(cells);
            }
            out.put(t.path("title").asText(), rows);
        }
        return out;
    }

    private static List<String> fileNames(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** The journal's tasks that start with {@code prefix}, in order (empty when there is no journal yet). */
    private static List<String> journalTasks(Path runDir, String prefix) {
        try {
            if (!Files.exists(runDir.resolve("journal.jsonl"))) return List.of();
            return journalTasks(runDir).stream().filter(t -> t.startsWith(prefix)).toList();
        } catch (Exception e) {
            return List.of();
        }
    }

    /** Every tensor of two safetensors files has the same bytes (their metadata, with timings, may differ). */
    private static void assertSameTensors(Path actual, Path expected, String where) throws Exception {
        Map<String, INDArray> a = SafeTensors.read(actual).tensors(), e = SafeTensors.read(expected).tensors();
        assertThat(a.keySet()).as(where).isEqualTo(e.keySet());
        for (String k : e.keySet()) {
            assertThat(a.get(k).data().asBytes()).as(where + ": tensor " + k).isEqualTo(e.get(k).data().asBytes());
        }
    }

    /** A run's printed result without its directory and its wall time. */
    private static String printed(String out, Path runDir) {
        return out.replace(runDir.toString(), "RUN").replaceAll("finished in [0-9.]+ minutes", "finished in N minutes");
    }

    /** The log lines with measured accuracies (clean, ASR, RA), their wall-clock seconds left out. */
    private static List<String> measured(String log) {
        return log.lines().filter(l -> l.contains("ASR")).map(l -> l.replaceAll("[0-9.]+ s\\b", "T s")).toList();
    }

    /** The tasks of the run directory's journal, in order (its configuration line left out). */
    static List<String> journalTasks(Path runDir) throws Exception {
        try (Stream<String> lines = Files.lines(runDir.resolve("journal.jsonl"))) {
            return lines.map(l -> l.replaceAll(".*\"task\":\"([^\"]*)\".*", "$1")).filter(t -> !t.equals("#config")).toList();
        }
    }
}
