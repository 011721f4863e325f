package dev.mamori.methods.robustness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.data.Batch;
import dev.mamori.data.DataLoader;
import dev.mamori.data.LabeledImage;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.eval.report.WrittenReport;
import dev.mamori.methods.attacks.AttackResult;
import dev.mamori.methods.attacks.FashionModel;
import dev.mamori.methods.attacks.Fgsm;
import dev.mamori.methods.attacks.Norm;
import dev.mamori.methods.attacks.Pgd;
import dev.mamori.methods.attacks.SanityWarning;
import dev.mamori.methods.attacks.Square;
import dev.mamori.models.Classifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RobustnessEvaluationTest {
    private FashionModel fashion;
    private RobustnessResult result;

    @BeforeAll
    void evaluate() {
        fashion = FashionModel.get();
        Classifier m = fashion.model;
        result = RobustnessEvaluation.builder()
                .model(m).modelName("tiny_cnn").dataName("fashion-mnist test")
                .data(fashion.test).limit(64).batchSize(32).seed(9)
                .attack("FGSM", eps -> new Fgsm(m, eps), 0.05, 0.1)
                .attack("PGD-10", eps -> Pgd.linf(m, eps).steps(10), 0.05, 0.1)
                .attack("Square", eps -> new Square(m, eps).queries(100), 0.1)
                .attack(AttackSpec.registry("pgd", m, Map.of("norm", "l2", "steps", "5"), 0.5, 1.0))
                .gridImages(6)
                .quiet()
                .run();
    }

    @Test
    void cleanAccuracyIsTheModelsAccuracyOnTheFirstExamples() {
        INDArray x = fashion.images(64);
        int[] y = fashion.labels(64);
        int[] pred = RobustnessEvaluation.predict(fashion.model, x);
        long right = 0;
        for (int i = 0; i < 64; i++) if (pred[i] == y[i]) right++;
        assertThat(result.cleanAccuracy()).isEqualTo(Proportion.of(right, 64));
        assertThat(result.config()).containsEntry("examples", 64L).containsEntry("batch_size", 32);
    }

    @Test
    void everyAttackAndBudgetHasARowMatchingADirectRun() {
        assertThat(result.attacks()).hasSize(7);
        // FGSM is deterministic: the evaluation must count exactly what two direct runs on the two batches give
        for (double eps : new double[]{0.05, 0.1}) {
            long robust = 0, broken = 0, right = 0;
            for (int start = 0; start < 64; start += 32) {
                INDArray x = fashion.images(64).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, start + 32));
                int[] y = java.util.Arrays.copyOfRange(fashion.labels(64), start, start + 32);
                AttackResult r = new Fgsm(fashion.model, eps).run(x.dup(), y);
                robust += r.robustAccuracy().successes();
                broken += r.successRate().successes();
                right += r.successRate().trials();
            }
            AttackEvaluation row = result.get("FGSM", eps);
            assertThat(row.robustAccuracy()).isEqualTo(Proportion.of(robust, 64));
            assertThat(row.successRate()).isEqualTo(Proportion.of(broken, right));
            assertThat(row.norm()).isEqualTo(Norm.LINF);
            assertThat(row.meanLinf()).isCloseTo(eps, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(row.description()).isEqualTo("FGSM(eps=" + (eps == 0.05 ? "0.05" : "0.1") + ")");
        }
        for (AttackEvaluation row : result.attacks()) {
            assertThat(row.robustAccuracy().trials()).isEqualTo(64);
            assertThat(row.robustAccuracy().successes() + row.successRate().successes()).isEqualTo(result.cleanAccuracy().successes());
            assertThat(row.robustAccuracy().wilson().contains(row.robustAccuracy().value())).isTrue();
            if (row.successRate().successes() > 0) assertThat(row.meanLinf()).isLessThanOrEqualTo(row.norm() == Norm.LINF ? row.epsilon() : 1);
            if (row.norm() == Norm.L2 && row.successRate().successes() > 0) assertThat(row.meanL2()).isLessThanOrEqualTo(row.epsilon());
            assertThat(row.meanQueries()).isGreaterThanOrEqualTo(1);
            assertThat(row.seconds()).isGreaterThan(0);
        }
        assertThat(result.get("Square", 0.1).blackBox()).isTrue();
        assertThat(result.get("pgd", 1.0).norm()).isEqualTo(Norm.L2);
        assertThat(result.worstCase(Norm.LINF, 0.1).value()).isLessThanOrEqualTo(result.get("FGSM", 0.1).robustAccuracy().value());
        assertThat(result.warnings()).as("plain model, white box stronger than Square").isEmpty();
        assertThatThrownBy(() -> result.get("FGSM", 0.3)).hasMessageContaining("no result for attack 'FGSM' at eps 0.3");
    }

    @Test
    void theSameSeedGivesTheSameEvaluation() {
        Classifier m = fashion.model;
        RobustnessResult again = RobustnessEvaluation.builder().model(m).data(fashion.test).limit(64).batchSize(32).seed(9)
                .attack("PGD-10", eps -> Pgd.linf(m, eps).steps(10), 0.05, 0.1).sanityChecks(false).quiet().run();
        assertThat(again.get("PGD-10", 0.1).robustAccuracy()).isEqualTo(result.get("PGD-10", 0.1).robustAccuracy());
        assertThat(again.get("PGD-10", 0.05).meanL2()).isEqualTo(result.get("PGD-10", 0.05).meanL2());
    }

    @Test
    void aLoaderWorksLikeADatasetAndProgressIsLogged() {
        Classifier m = fashion.model;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        RobustnessResult r;
        try (DataLoader<LabeledImage, Batch> loader = DataLoader.images(fashion.test).batchSize(32).build()) {
            r = RobustnessEvaluation.builder().model(m).loader(loader).limit(40).sanityChecks(false)
                    .attack("FGSM", eps -> new Fgsm(m, eps), 0.1)
                    .log(new PrintStream(log, true, StandardCharsets.UTF_8), false).run();
        }
        assertThat(r.cleanAccuracy().trials()).isEqualTo(40);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("robustness");
    }

    @Test
    void writesAReportWithTablePlotsAndImageGrids(@TempDir Path dir) throws Exception {
        WrittenReport written = result.writeReport(dir);
        assertThat(written.resultsJson()).exists();
        assertThat(written.markdown()).exists();
        assertThat(written.html()).exists();
        List<String> figures = written.figures().stream().map(p -> p.getFileName().toString()).toList();
        assertThat(figures).contains("robust_accuracy_linf.png", "robust_accuracy_l2.png", "adversarial_00.png", "adversarial_03.png");
        for (Path f : written.figures()) assertThat(Files.size(f)).isGreaterThan(1000);
        String md = Files.readString(written.markdown());
        assertThat(md).contains("robust accuracy", "attack success rate", "PGD-10", "Square", "clean | adversarial | amplified perturbation");
        JsonNode json = new ObjectMapper().readTree(written.resultsJson().toFile());
        assertThat(json.toString()).contains("clean accuracy", "FGSM", "tiny_cnn");
    }

    @Test
    void blackBoxBeatingWhiteBoxIsFlagged() {
        AttackEvaluation pgd = row("PGD", false, 40);
        AttackEvaluation square = row("Square", true, 20);
        List<SanityWarning> w = RobustnessEvaluation.blackBoxChecks(List.of(pgd, square));
        assertThat(w).hasSize(1);
        assertThat(w.get(0).message()).contains("Square", "PGD", "20.00%", "40.00%");
        assertThat(RobustnessEvaluation.blackBoxChecks(List.of(row("PGD", false, 20), row("Square", true, 40)))).isEmpty();
    }

    @Test
    void rejectsIncompleteSetups() {
        assertThatThrownBy(() -> RobustnessEvaluation.builder().data(fashion.test).attack("FGSM", eps -> new Fgsm(fashion.model, eps), 0.1).run())
                .hasMessageContaining("no model");
        assertThatThrownBy(() -> RobustnessEvaluation.builder().model(fashion.model).data(fashion.test).run()).hasMessageContaining("no attacks");
        assertThatThrownBy(() -> AttackSpec.of("x", eps -> new Fgsm(fashion.model, eps), 0.1, 0.05)).hasMessageContaining("must increase");
        assertThatThrownBy(() -> AttackSpec.registry("pgd", fashion.model, Map.of("bogus", "1"), 0.1)).hasMessageContaining("[bogus]");
    }

    @Test
    void pgdTimingReportsConsistentNumbers() {
        PgdTiming.Result t = PgdTiming.pgd10("tiny_cnn", fashion.model, fashion.images(40), fashion.labels(40), 20);
        assertThat(t.images()).isEqualTo(40);
        assertThat(t.steps()).isEqualTo(10);
        assertThat(t.msPer1000Images()).isCloseTo(t.seconds() * 1e6 / 40, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(t.msPerBatchStep()).isCloseTo(t.seconds() * 1000 / (2 * 10), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(t.robustAccuracy()).isBetween(0.0, 1.0);
        assertThat(t.toString()).contains("PGD-10 on 40 images (batch 20)");
    }

    private static AttackEvaluation row(String name, boolean blackBox, int robust) {
        return new AttackEvaluation(name, name, Norm.LINF, 0.1, blackBox, Proportion.of(robust, 100), Proportion.of(80 - robust, 80), 0.1, 1,
                10, 10, 1);
    }
}
