package dev.mamori.methods.backdoor.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.methods.backdoor.BackdoorTestData;
import dev.mamori.methods.common.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole experiment in a tiny configuration on real Fashion-MNIST (a 1,500-image subset, a tiny CNN trained three
 * epochs with BadNets at 20%, every defense with 10 samples, small budgets): every defense produces its cells, the report has
 * its tables, figure and claims, and results.json holds the claims.
 */
class BackdoorExperimentTest {
    private static BackdoorExperiment.Result result;
    private static String log;

    static BackdoorConfig tiny() {
        BackdoorConfig c = BackdoorConfig.quick();
        c.trainSubset = 1500;
        c.evalSubset = 300;
        c.models.get("cnn").config.put("width", 8);
        c.models.get("cnn").epochs = 3;
        // a heavy poisoning so that the attack takes in so short a training (the report's collapse figure needs it)
        c.attacks.get("badnets").ratio = 0.2;
        c.attacks.get("badnets").patchSize = 4;
        c.useAttacks = List.of("badnets");
        c.sampleSizes = List.of(10);
        c.baselineSampleSizes = List.of();
        c.fineTuneEpochs = 3;
        c.nadStudentEpochs = 3;
        c.anpIterations = 5;
        c.ibauRounds = 2;
        c.neuralCleanseSteps = 10;
        c.lambdas = List.of(0.01, 1.0);
        c.unitFractions = List.of(0.25, 1.0);
        return c;
    }

    @BeforeAll
    static void runOnce(@TempDir Path tmp) throws IOException {
        BackdoorTestData.fashion();  // skips without the dataset (fails with MAMORI_REQUIRE_REAL_DATA=1)
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        result = BackdoorExperiment.run(tiny(), tmp.resolve("run"), new PrintStream(captured, true, StandardCharsets.UTF_8));
        log = captured.toString(StandardCharsets.UTF_8);
        System.out.println(log.lines().filter(l -> l.contains("backdoored") || l.contains("n=")).collect(Collectors.joining("\n")));
    }

    @Test
    void everyDefenseRunsOnTheSameModelAndSamples() {
        assertThat(result.models()).hasSize(1);
        assertThat(result.models().get(0).implanted()).as("the attack took: %s", result.models().get(0).scores()).isTrue();
        Set<String> defenses = result.cells().stream().map(DefenseCell::defense).collect(Collectors.toSet());
        assertThat(defenses).containsExactlyInAnyOrderElementsOf(BackdoorConfig.DEFENSES);
        assertThat(result.cells().stream().filter(c -> c.defense().startsWith("ours")).map(DefenseCell::stage).distinct())
                .containsExactlyInAnyOrder("edited", "repaired");
        for (DefenseCell c : result.cells()) {
            assertThat(c.samples()).isEqualTo(10);
            assertThat(c.before()).isEqualTo(result.models().get(0).scores());
            assertThat(c.seconds()).isPositive();
            assertThat(c.der()).isBetween(0.0, 1.0);
        }
        assertThat(log).contains("backdoored in").contains("ours_known").contains("ibau");
        // the run records the epochs and how much the trigger changed the training images (a 4x4 white square on Fashion-MNIST's dark corners)
        ModelRun m = result.models().get(0);
        assertThat(m.epochs()).isEqualTo(3);
        assertThat(m.visibility().images()).isEqualTo(BackdoorExperiment.VISIBILITY_IMAGES);
        assertThat(m.visibility().meanAbsoluteChange()).isGreaterThan(0);
        assertThat(m.visibility().unchangedFraction()).isLessThan(0.05);
        assertThat(log).contains("(3 epochs, peak lr 0.0100; trigger mean |change|");
    }

    @Test
    void theCleanModelFloorIsMeasuredAndClaimed() throws IOException {
        // the same CNN trained without poison: it has never seen the trigger, so few triggered images go to the target
        Scores floor = result.models().get(0).floor();
        assertThat(floor).isNotNull();
        assertThat(floor.asr()).isLessThan(0.5).isLessThan(result.models().get(0).scores().asr());
        assertThat(floor.ca()).isGreaterThan(0.3);
        assertThat(Files.readString(result.report().markdown())).contains("clean-model floor (no poison, no defense)").contains("floor: ASR (%)")
                .contains("trigger change (/255)").contains("unchanged images (%)");
        for (int i : new int[]{2, 3}) {
            assertThat(result.claims().get(i).statement()).contains("clean-model floor");
            assertThat(result.claims().get(i).verdict()).isNotEqualTo(Verdict.NOT_MEASURED);
            assertThat(result.claims().get(i).evidence()).contains("vs floor").contains("difference");
        }
    }

    @Test
    void theReportHasItsTablesFigureAndClaims() throws IOException {
        String md = Files.readString(result.report().markdown());
        assertThat(md).contains("## Claims").contains("## Backdoored models").contains("## Defenses").contains("## Speed")
                .contains("## Target-class collapse and repair").contains("fashion-mnist / cnn / badnets");
        assertThat(result.claims()).hasSize(10);
        JsonNode json = new ObjectMapper().readTree(result.report().resultsJson().toFile());
        assertThat(json.toString()).contains("Claims and verdicts");
        assertThat(Files.list(result.directory().resolve("figures")).toList()).isNotEmpty();
        // only one seed: every verdict is one of the four, and the claims name their rule
        for (var c : result.claims()) {
            assertThat(Verdict.values()).contains(c.verdict());
            assertThat(c.rule()).isNotBlank();
        }
        // the repair claim is "not measured" exactly when nothing collapsed
        boolean collapsed = new BackdoorClaims(result.config(), result.models(), result.cells()).collapses().stream()
                .anyMatch(BackdoorClaims.Collapse::collapsed);
        assertThat(result.claims().get(6).verdict() == Verdict.NOT_MEASURED).isEqualTo(!collapsed);
        // one dataset and one trigger cannot show that the edit works "across datasets and triggers"
        assertThat(result.claims().get(7).verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(result.claims().get(7).evidence()).contains("[fashion-mnist]").contains("[badnets]");
        // the speed claim pairs ours and each baseline by seed: one seed, no interval
        assertThat(result.claims().get(4).evidence()).contains("finetune").contains("one seed");
        assertThat(md).contains("Baseline seconds over ours");
    }

    /** A baseline whose training diverges is noted in the log and the report, has no cell, and the run goes on. */
    @Test
    void aDivergingBaselineIsNotedAndTheRunGoesOn(@TempDir Path tmp) throws IOException {
        BackdoorConfig c = tiny();
        c.defenses = List.of("ours_known", "finetune");
        c.cleanFloor = false;
        c.fineTuneLr = 1e12;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        BackdoorExperiment.Result r = BackdoorExperiment.run(c, tmp.resolve("run"), new PrintStream(captured, true, StandardCharsets.UTF_8));
        assertThat(r.cells()).extracting(DefenseCell::defense).containsOnly("ours_known");
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("finetune").contains("diverged");
        assertThat(Files.readString(r.report().markdown())).contains("training diverged").contains("finetune, 10 samples");
    }
}
