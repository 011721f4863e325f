package dev.mamori.methods.spurious;

import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.diffusion.DiffusionRunTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole `run spurious` path on the real emoji with tiny models and a couple of steps: the correlation is planted,
 * the classifiers and judge are trained, the base model is trained as a stage, both DreamBooth arms are fine-tuned and
 * measured beside the base model, and the report holds every arm and every claim; a second run on the directory
 * resumes from the journal. The numbers of such a run mean nothing.
 */
class SpuriousExperimentTest {

    static SpuriousConfig tiny() {
        SpuriousConfig c = SpuriousConfig.of(ExperimentConfig.Preset.QUICK);
        c.seeds = new ArrayList<>(List.of(0L));
        c.correlation.trainSubset = 160;
        c.correlation.references = 2;
        c.correlation.probes = 8;
        Map<String, Object> small = new LinkedHashMap<>(Map.of("dim", 16, "depth", 1, "patchSize", 4));
        c.classifiers.judged = new ArrayList<>(List.of(SpuriousConfig.ClassifierSpec.of("convmixer_256_8", small),
                SpuriousConfig.ClassifierSpec.of("convmixer_256_8", Map.of("dim", 8, "depth", 1, "patchSize", 4)),
                SpuriousConfig.ClassifierSpec.of("convmixer_256_8", Map.of("dim", 12, "depth", 1, "patchSize", 8))));
        c.classifiers.robust = SpuriousConfig.ClassifierSpec.of("convmixer_256_8", small);
        c.classifiers.epochs = 1;
        c.classifiers.robustEpochs = 1;
        c.classifiers.pgdSteps = 1;
        c.base.training = DiffusionRunTest.tiny();
        c.dreambooth.classImages = 2;
        c.dreambooth.steps = 2;
        c.dreambooth.instancesPerBatch = 1;
        c.dreambooth.similarityMaxTimestep = 1000;
        c.evaluation.images = 2;
        c.evaluation.samplingSteps = 2;
        c.evaluation.judgeEpochs = 1;
        c.evaluation.judgeModelConfig = small;
        c.evaluation.gridColumns = 2;
        return c;
    }

    @Test
    void writesTheReportWithBothArmsAndTheClaimsAndResumes(@TempDir Path dir) throws Exception {
        boolean present = DataCatalog.fromEnvironment().locate(SpuriousExperiment.DATASET).isPresent();
        if (!"1".equals(System.getenv("MAMORI_REQUIRE_REAL_DATA"))) {
            Assumptions.assumeTrue(present, "the emoji packages are not installed (.ci/install-data)");
        }
        SpuriousConfig cfg = tiny().validate();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SpuriousExperiment.Result r = SpuriousExperiment.run(cfg, dir, new PrintStream(log, true));

        assertThat(r.arms()).extracting(ArmResult::arm).containsExactly(ArmResult.BASE, ArmResult.DREAMBOOTH, ArmResult.WITH_LOSS);
        assertThat(r.arms()).allMatch(a -> a.spuriousHits().length == 3 && a.images() == 2 && a.similarity().length == 2);
        assertThat(r.arms().get(2).lastMetrics()).containsKeys("train_instance", "train_prior");
        assertThat(r.claims()).hasSize(6);
        assertThat(r.arms()).allMatch(a -> a.perceptual().length == 2 && a.perceptual()[0] >= 0);
        String md = Files.readString(r.report().markdown());
        assertThat(md).contains(ArmResult.DREAMBOOTH).contains(ArmResult.WITH_LOSS).contains("references (the pattern itself)")
                .contains("Prior preservation").contains("more spurious with the similarity loss").contains("Food & Drink");
        assertThat(dir.resolve("references/reference-00.png")).isRegularFile();
        assertThat(Files.readString(dir.resolve(RunDirectory.JOURNAL))).contains("\"task\":\"base/unet\"");
        assertThat(log.toString()).contains("DreamBooth: instance prompt").contains("pattern on");

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        SpuriousExperiment.Result r2 = SpuriousExperiment.run(cfg, dir, new PrintStream(again, true));
        assertThat(again.toString()).contains("resuming").contains("trained earlier in this run").contains("measured earlier in this run");
        assertThat(r2.arms().get(2).spuriousHits()).isEqualTo(r.arms().get(2).spuriousHits());
    }

    @Test
    void aMissingReferenceFolderIsNamedBeforeAnythingIsTrained(@TempDir Path dir) {
        boolean present = DataCatalog.fromEnvironment().locate(SpuriousExperiment.DATASET).isPresent();
        if (!"1".equals(System.getenv("MAMORI_REQUIRE_REAL_DATA"))) Assumptions.assumeTrue(present, "emoji packages not installed");
        SpuriousConfig cfg = tiny();
        cfg.correlation.referenceFolder = dir.resolve("my-references").toString();
        assertThatThrownBy(() -> SpuriousExperiment.run(cfg, dir.resolve("run"), new PrintStream(new ByteArrayOutputStream())))
                .hasMessageContaining("my-references").hasMessageContaining("does not exist");
        assertThat(dir.resolve("run/classifiers")).doesNotExist();
    }

    @Test
    void theConfigNamesBadFields() {
        SpuriousConfig c = SpuriousConfig.of(ExperimentConfig.Preset.DEFAULT);
        c.classifiers.judged.remove(0);
        assertThatThrownBy(c::validate).hasMessageContaining("classifiers.judged");
        SpuriousConfig d = SpuriousConfig.of(ExperimentConfig.Preset.DEFAULT);
        d.correlation.otherRate = 0.95;
        assertThatThrownBy(d::validate).hasMessageContaining("correlation.targetRate");
        SpuriousConfig e = SpuriousConfig.of(ExperimentConfig.Preset.QUICK);
        e.dreambooth.rareToken = "two words";
        assertThatThrownBy(e::validate).hasMessageContaining("dreambooth.rareToken");
    }
}
