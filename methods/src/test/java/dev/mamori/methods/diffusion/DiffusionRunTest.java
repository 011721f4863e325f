package dev.mamori.methods.diffusion;

import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.generative.pipelines.PipelineFolder;
import dev.mamori.methods.common.ExperimentConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole `train diffusion` path on the real captioned emoji with tiny models and one epoch per stage: every stage
 * trains on the generic trainer and records its summary in the run's journal, the pipeline folder loads, every measurement is made and
 * reported; a second run in the same directory loads the finished stages and the judge instead of training them.
 * The numbers of such a run mean nothing (the models are untrained); the default run's are in the README.
 */
public class DiffusionRunTest {

    /** Tiny models and one epoch per stage: the whole path in seconds (numbers meaningless); shared by the sketch-to-photo and spurious-feature tests. */
    public static DiffusionConfig tiny() {
        DiffusionConfig c = DiffusionConfig.of(ExperimentConfig.Preset.QUICK);
        c.trainSubset = 48;
        c.clip.modelConfig.putAll(Map.of("textWidth", 16, "textLayers", 1, "textHeads", 2, "visionWidth", 16, "visionLayers", 1,
                "visionHeads", 2, "projectionDim", 16, "mlpRatio", 2));
        c.clip.epochs = 1;
        c.vae.modelConfig.putAll(Map.of("blockOutChannels", List.of(8, 16, 16), "normNumGroups", 4));
        c.vae.epochs = 1;
        c.unet.modelConfig.putAll(Map.of("blockOutChannels", List.of(16, 32), "normNumGroups", 8, "attentionHeads", 2));
        c.unet.epochs = 1;
        c.sampling.steps = 3;
        c.evaluation.classifierEpochs = 1;
        c.evaluation.classifierModelConfig = new java.util.LinkedHashMap<>(Map.of("dim", 16, "depth", 1, "patchSize", 4));
        c.evaluation.promptsPerCategory = 1;
        c.evaluation.reconstructionImages = 24;
        c.evaluation.inversionImages = 2;
        c.evaluation.gridColumns = 2;
        return c;
    }

    @Test
    void trainsMeasuresReportsAndResumes(@TempDir Path dir) throws Exception {
        boolean present = DataCatalog.fromEnvironment().locate("emoji-category").isPresent();
        if (!"1".equals(System.getenv("MAMORI_REQUIRE_REAL_DATA"))) {
            Assumptions.assumeTrue(present, "the emoji packages are not installed (.ci/install-data)");
        }
        DiffusionConfig cfg = tiny().validate();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DiffusionRun.Result r = DiffusionRun.run(cfg, dir, new PrintStream(log, true));
        String journal = Files.readString(dir.resolve("journal.jsonl"));
        for (String stage : List.of("clip", "vae", "unet")) assertThat(journal).contains("\"task\":\"" + stage + "\"");
        assertThat(dir.resolve("classifier/model.safetensors")).isRegularFile();
        assertThat(PipelineFolder.load(r.pipeline()).tokenizer().contextLength()).isEqualTo(16);
        DiffusionEvaluation.Result e = r.evaluation();
        assertThat(e.prompts().size()).isEqualTo(9);                       // one held-out prompt per category
        assertThat(e.guided()).hasSize(2);
        assertThat(e.guided().get(1).agreement().trials()).isEqualTo(9);
        assertThat(e.psnr().value()).isFinite();
        assertThat(e.inversionLatentRmse()).isFinite();
        assertThat(Files.readString(r.report().markdown())).contains("Prompt faithfulness").contains("Chance is 1/9").contains("guidance 5.0");
        assertThat(r.report().figures()).anyMatch(p -> p.getFileName().toString().equals("samples_guidance_5.png"));
        assertThat(log.toString()).contains("tokenizer:").contains("judge: held-out accuracy");

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        DiffusionRun.run(cfg, dir, new PrintStream(again, true));
        assertThat(again.toString()).contains("clip: done earlier").contains("vae: done earlier").contains("unet: done earlier")
                .contains("judge: trained earlier in this run");
    }

    @Test
    void theConfigNamesBadFields() {
        DiffusionConfig c = DiffusionConfig.of(ExperimentConfig.Preset.DEFAULT);
        c.unet.prediction = "x0";
        assertThatThrownBy(c::validate).hasMessageContaining("config field 'unet.prediction'");
        DiffusionConfig d = DiffusionConfig.of(ExperimentConfig.Preset.DEFAULT);
        d.evaluation.guidanceScales = List.of(0.5);
        assertThatThrownBy(d::validate).hasMessageContaining("evaluation.guidanceScales");
        assertThat(DiffusionConfig.of(ExperimentConfig.Preset.QUICK).validate().trainSubset).isPositive();
    }
}
