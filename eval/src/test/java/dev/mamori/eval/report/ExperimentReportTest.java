package dev.mamori.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.autograd.Backend;
import dev.mamori.eval.metrics.Estimate;
import dev.mamori.eval.metrics.Interval;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.eval.metrics.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ExperimentReportTest {
    @TempDir
    Path dir;

    private static ExperimentReport sampleReport() {
        Map<String, double[]> losses = new LinkedHashMap<>();
        losses.put("train loss", new double[] {2.1, 1.4, 1.1, 0.9});
        Map<String, double[]> accuracies = new LinkedHashMap<>();
        accuracies.put("val accuracy", new double[] {0.35, 0.52, 0.61, 0.66});
        Map<String, Proportion[]> robust = new LinkedHashMap<>();
        robust.put("PGD-20", new Proportion[] {Proportion.of(90, 100), Proportion.of(40, 100), Proportion.of(10, 100)});
        robust.put("FGSM", new Proportion[] {Proportion.of(90, 100), Proportion.of(55, 100), Proportion.of(30, 100)});

        INDArray clean = Nd4j.rand(DataType.FLOAT, 3, 3, 8, 8);
        INDArray adversarial = clean.add(0.03);
        return ExperimentReport.named("pgd-smoke")
                .seed(7)
                .config("epsilon", 8 / 255.0)
                .config("model", "resnet_tiny")
                .config("steps", List.of(10, 20))
                .timing("train", Duration.ofMillis(1500))
                .metric("clean accuracy", Proportion.of(8, 10))
                .metric("mean ssim", Summary.of(0.90, 0.92, 0.94))
                .metric("final loss", 0.8765432)
                .paragraph("Smoke test of the report writer.")
                .section("Robustness")
                .paragraph("Robust accuracy | with a pipe & <angle brackets>.")
                .table(Table.of("Robust accuracy", "attack", "epsilon", "accuracy")
                        .row("PGD-20", 8 / 255.0, Proportion.of(8, 10))
                        .row("none", 0, Proportion.of(10, 10)))
                .figure(Plots.robustAccuracyVsEpsilon("robust.png", "Robust accuracy vs epsilon", "epsilon (x255)",
                        new double[] {0, 4, 8}, robust))
                .section("Training")
                .figure(Plots.trainingCurves("curves.png", "Training curves", "loss", losses, "accuracy", accuracies))
                .figure(Plots.perClassAccuracy("per-class.png", "Per-class accuracy", List.of("cat", "dog", "bird"),
                        new Proportion[] {Proportion.of(3, 4), Proportion.of(1, 2), Proportion.of(0, 0)}))
                .section("Examples")
                .figure(ImageGrid.builder().scale(4)
                        .row("clean", clean, List.of("cat", "dog", "bird"))
                        .row("adversarial", adversarial)
                        .row("perturbation x10", ImageGrid.amplifiedPerturbation(clean, adversarial, 10))
                        .figure("examples.png", "Clean, adversarial and amplified perturbation"));
    }

    @Test
    void writesAllFilesAndResultsJsonHoldsTheValues() throws IOException {
        WrittenReport written = sampleReport().writeTo(dir.resolve("run-1"));
        Path out = dir.resolve("run-1");
        assertThat(written.directory()).isEqualTo(out);
        assertThat(out.resolve("results.json")).isRegularFile();
        assertThat(out.resolve("report.md")).isRegularFile();
        assertThat(out.resolve("report.html")).isRegularFile();
        assertThat(written.figures()).extracting(p -> p.getFileName().toString())
                .containsExactly("robust.png", "curves.png", "per-class.png", "examples.png");

        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.get("experiment").asText()).isEqualTo("pgd-smoke");
        assertThat(json.get("seed").asLong()).isEqualTo(7);
        assertThat(json.at("/config/epsilon").asDouble()).isEqualTo(8 / 255.0);
        assertThat(json.at("/config/steps/1").asInt()).isEqualTo(20);
        assertThat(json.at("/versions/nd4j_backend").asText()).isEqualTo(Backend.describe());
        assertThat(json.at("/versions/mamori").asText()).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(json.at("/versions/java").asText()).startsWith(Runtime.version().toString());
        assertThat(json.at("/timings_seconds/train").asDouble()).isEqualTo(1.5);
        assertThat(json.at("/metrics/clean accuracy/successes").asLong()).isEqualTo(8);
        assertThat(json.at("/metrics/clean accuracy/ci/lower").asDouble()).isCloseTo(0.4902, within(1e-4));
        assertThat(json.at("/metrics/mean ssim/mean").asDouble()).isCloseTo(0.92, within(1e-12));
        assertThat(json.at("/metrics/final loss").asDouble()).isEqualTo(0.8765432);

        JsonNode table = json.at("/tables/0");
        assertThat(table.get("title").asText()).isEqualTo("Robust accuracy");
        assertThat(table.get("section").asText()).isEqualTo("Robustness");
        assertThat(table.at("/columns/2").asText()).isEqualTo("accuracy");
        assertThat(table.at("/rows/0/0").asText()).isEqualTo("PGD-20");
        assertThat(table.at("/rows/0/1").asDouble()).isEqualTo(8 / 255.0);
        assertThat(table.at("/rows/0/2/value").asDouble()).isEqualTo(0.8);
        assertThat(table.at("/rows/0/2/trials").asLong()).isEqualTo(10);
        assertThat(table.at("/rows/0/2/ci/upper").asDouble()).isCloseTo(0.9433, within(1e-4));
        assertThat(table.at("/rows/1/1").asInt()).isEqualTo(0);

        assertThat(json.get("figures")).hasSize(4);
        assertThat(json.at("/figures/3/file").asText()).isEqualTo("figures/examples.png");
        assertThat(json.at("/figures/3/caption").asText()).isEqualTo("Clean, adversarial and amplified perturbation");
    }

    @Test
    void pngFilesDecodeWithTheExpectedSize() throws IOException {
        Path out = dir.resolve("r");
        sampleReport().writeTo(out);
        for (String chart : List.of("robust.png", "curves.png", "per-class.png")) {
            BufferedImage image = ImageIO.read(out.resolve("figures").resolve(chart).toFile());
            assertThat(image).as(chart).isNotNull();
            assertThat(image.getWidth()).as(chart).isEqualTo(Plots.WIDTH);
            assertThat(image.getHeight()).as(chart).isEqualTo(Plots.HEIGHT);
        }
        BufferedImage grid = ImageIO.read(out.resolve("figures/examples.png").toFile());
        // 3 images of 8x8 at scale 4 = 32 px cells, padding 4; the caption row adds one line of text
        assertThat(grid.getHeight()).isGreaterThan(4 + 3 * (32 + 4)).isLessThan(4 + 3 * (32 + 4) + 30);
        assertThat(grid.getWidth()).isGreaterThan(4 + 3 * (32 + 4)); // plus the label column
    }

    @Test
    void markdownAndHtmlShowTablesWithIntervalsAndFigures() throws IOException {
        Path out = dir.resolve("r");
        sampleReport().writeTo(out);
        String md = Files.readString(out.resolve("report.md"));
        // the paragraph added before any section is the introduction, right under the title
        assertThat(md).startsWith("# pgd-smoke\n\nSmoke test of the report writer.\n\n## Run\n");
        assertThat(md).contains("## Robustness", "**Robust accuracy**",
                "| attack | epsilon | accuracy | accuracy 95% CI |",
                "| --- | ---: | ---: | ---: |",
                "| PGD-20 | 0.03137 | 80.00% (8/10) | [49.02%, 94.33%] |",
                "| clean accuracy | 80.00% (8/10) | [49.02%, 94.33%] |",
                "| mean ssim | 0.92 ± 0.02 |",
                "![Clean, adversarial and amplified perturbation](figures/examples.png)",
                "Robust accuracy | with a pipe & <angle brackets>.");

        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>", "<caption>Robust accuracy</caption>",
                "<td class=\"num\">80.00% (8/10)</td><td class=\"num\">[49.02%, 94.33%]</td>",
                "<img src=\"figures/curves.png\"", "Robust accuracy | with a pipe &amp; &lt;angle brackets&gt;.");
        // self-contained: nothing is fetched from elsewhere
        assertThat(html).doesNotContain("http://", "https://", "<script", "<link");
    }

    @Test
    void rewritingReplacesFilesAndLeavesNoTemporaries() throws IOException {
        Path out = dir.resolve("r");
        sampleReport().writeTo(out);
        ExperimentReport.named("second run").metric("x", 1).writeTo(out);
        assertThat(Files.readString(out.resolve("results.json"))).contains("\"experiment\" : \"second run\"");
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void filesGetTheUsualPermissionsNotThoseOfPrivateTempFiles() throws IOException {
        Path out = dir.resolve("r");
        ExperimentReport.named("perms").writeTo(out);
        Path reference = Files.createFile(out.resolve("reference"));
        assertThat(Files.getPosixFilePermissions(out.resolve("results.json"))).isEqualTo(Files.getPosixFilePermissions(reference));
    }

    @Test
    void valuesWithoutIntervalsAndEstimates() throws IOException {
        Path out = dir.resolve("r");
        ExperimentReport.named("estimates")
                .table(Table.of("Norms", "attack", "mean L2", "range")
                        .row("PGD", new Estimate(0.5, new Interval(0.4, 0.6, 0.95)), new Interval(0.1, 0.9, 0.95)))
                .table(Table.of("Plain", "attack", "accuracy").showIntervals(false).row("PGD", Proportion.of(1, 4)))
                .writeTo(out);
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("| attack | mean L2 | mean L2 95% CI | range |", "| PGD | 0.5 | [0.4, 0.6] | [0.1, 0.9] |",
                "| attack | accuracy |\n", "| PGD | 25.00% (1/4) |\n");
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.at("/tables/0/rows/0/1/ci/lower").asDouble()).isEqualTo(0.4);
        assertThat(json.at("/tables/1/rows/0/1/ci/method").asText()).isEqualTo("wilson");
        assertThat(json.get("seed").isNull()).isTrue();
    }
}
