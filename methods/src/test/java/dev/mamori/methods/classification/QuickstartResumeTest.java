package dev.mamori.methods.classification;

import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.methods.common.run.RunDirectory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The quickstart resumes per stage: a model whose training finished is not trained again (its final checkpoint is
 * evaluated again, to the same test accuracy), the run directory refuses a new run, and its journal records each
 * stage once. (That a training killed mid-epoch continues to the same bytes is KillResumeCliTest's, through the CLI.)
 */
class QuickstartResumeTest {

    @Test
    void aResumedQuickstartSkipsTheFinishedTraining(@TempDir Path tmp) throws Exception {
        boolean present = DataCatalog.fromEnvironment().locate("fashion-mnist").isPresent();
        if (!"1".equals(System.getenv("MAMORI_REQUIRE_REAL_DATA"))) Assumptions.assumeTrue(present, "Fashion-MNIST not installed");
        QuickstartConfig cfg = new QuickstartConfig();
        TrainSpec tiny = new TrainSpec();
        tiny.model = "simple_cnn";
        tiny.modelConfig.put("width", 4);
        tiny.modelConfig.put("hidden", 16);
        tiny.epochs = 1;
        tiny.batchSize = 64;
        tiny.lr = 0.003;
        cfg.models = List.of(tiny);
        cfg.trainSubset = 400;
        cfg.robustnessExamples = 0;
        cfg.validate();
        Path dir = tmp.resolve("quickstart");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Quickstart.Result first;
        try (RunDirectory run = RunDirectory.open(dir, cfg, RunDirectory.Mode.NEW)) {
            first = Quickstart.run(cfg, run, new PrintStream(log, true, StandardCharsets.UTF_8));
        }
        assertThat(first.report().html()).exists();
        assertThatThrownBy(() -> RunDirectory.open(dir, cfg, RunDirectory.Mode.NEW)).hasMessageContaining("already holds a run");

        log.reset();
        Quickstart.Result again;
        try (RunDirectory run = RunDirectory.open(dir, cfg, RunDirectory.Mode.RESUME)) {
            again = Quickstart.run(cfg, run, new PrintStream(log, true, StandardCharsets.UTF_8));
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("simple_cnn: trained before this run was resumed");
        assertThat(again.outcomes().get(0).testCorrect()).isEqualTo(first.outcomes().get(0).testCorrect());
        assertThat(again.outcomes().get(0).training().history()).hasSize(1);
        assertThat(Files.readAllLines(dir.resolve("simple_cnn/metrics.jsonl"))).hasSize(1);
        assertThat(Files.readAllLines(dir.resolve(RunDirectory.JOURNAL))).filteredOn(l -> l.contains("train/simple_cnn")).hasSize(1);
    }
}
