package dev.mamori.methods.attacks;

import dev.mamori.eval.metrics.Proportion;
import dev.mamori.models.Classifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The AutoAttack-style warnings: silent on the plain trained model, raised on masked, randomized and softmax models. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SanityChecksTest {
    private FashionModel fashion;
    private INDArray x;
    private int[] y;

    @BeforeAll
    void setUp() {
        fashion = FashionModel.get();
        x = fashion.images(50);
        y = fashion.labels(50);
    }

    private static List<SanityWarning.Kind> kinds(List<SanityWarning> warnings) {
        return warnings.stream().map(SanityWarning::kind).toList();
    }

    @Test
    void thePlainModelRaisesNoWarning() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<SanityWarning> w = SanityChecks.run(fashion.model, x, y, null, new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(w).isEmpty();
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void nonDifferentiableFrontEndsHaveZeroGradients() {
        for (Classifier masked : List.of(FrontEnd.of(fashion.model, FrontEnd.quantize8Bit()), FrontEnd.of(fashion.model, FrontEnd.binarize()))) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            List<SanityWarning> w = SanityChecks.run(masked, x, y, null, new PrintStream(printed, true, StandardCharsets.UTF_8));
            assertThat(kinds(w)).containsExactly(SanityWarning.Kind.ZERO_GRADIENT);
            assertThat(w.get(0).message()).startsWith("50 of 50 examples have a zero input gradient");
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("[mamori sanity] WARNING [zero-gradient]: 50 of 50");
        }
        // BPDA gives the same front end usable gradients again
        assertThat(SanityChecks.zeroGradients(Bpda.of(fashion.model, FrontEnd.quantize8Bit()), x, y, null)).isEmpty();
    }

    @Test
    void vanishingGradientsAreFlaggedToo() {
        Classifier squashed = FrontEnd.of(fashion.model, t -> t.mul(1e-13).add(0.3));
        SanityWarning w = SanityChecks.zeroGradients(squashed, x, y, null).orElseThrow();
        assertThat(w.message()).startsWith("0 of 50 examples have a zero input gradient and 50 a vanishing one");
    }

    @Test
    void aRandomizedFrontEndIsDetectedAndEotIsRecommended() {
        Classifier noisy = FrontEnd.of(fashion.model, FrontEnd.noise(3));
        List<SanityWarning> w = SanityChecks.run(noisy, x, y, null, null);
        assertThat(kinds(w)).containsExactly(SanityWarning.Kind.RANDOMIZED_OUTPUT);
        assertThat(w.get(0).message()).contains("EOT");
    }

    @Test
    void probabilitiesInsteadOfLogitsAreDetected() {
        List<SanityWarning> w = SanityChecks.run(FrontEnd.softmax(fashion.model), x, y, null, null);
        assertThat(kinds(w)).contains(SanityWarning.Kind.PROBABILITY_OUTPUT);
        assertThat(SanityChecks.probabilityOutputs(fashion.model, x)).isEmpty();
    }

    @Test
    void classCountForTheDlrLoss() {
        assertThat(SanityChecks.classCount(2).orElseThrow().message()).contains("DLR loss cannot be used");
        assertThat(SanityChecks.classCount(3).orElseThrow().message()).contains("targeted DLR");
        assertThat(SanityChecks.classCount(10)).isEmpty();
    }

    @Test
    void blackBoxStrongerThanWhiteBoxIsFlaggedOnTheMaskedModelOnly() {
        Classifier masked = FrontEnd.of(fashion.model, FrontEnd.quantize8Bit());
        AttackResult pgdMasked = Pgd.linf(masked, 0.1).steps(10).run(x, y);
        AttackResult squareMasked = new Square(masked, 0.1).queries(200).run(x, y);
        assertThat(SanityChecks.blackBoxStronger("Square", squareMasked.robustAccuracy(), "PGD", pgdMasked.robustAccuracy()))
                .get().extracting(SanityWarning::kind).isEqualTo(SanityWarning.Kind.BLACK_BOX_STRONGER);

        AttackResult pgd = Pgd.linf(fashion.model, 0.1).steps(10).run(x, y);
        AttackResult square = new Square(fashion.model, 0.1).queries(200).run(x, y);
        System.out.printf("masked: PGD %s Square %s; plain: PGD %s Square %s%n", pgdMasked.robustAccuracy(), squareMasked.robustAccuracy(),
                pgd.robustAccuracy(), square.robustAccuracy());
        assertThat(SanityChecks.blackBoxStronger("Square", square.robustAccuracy(), "PGD", pgd.robustAccuracy())).isEmpty();
        assertThat(SanityChecks.blackBoxStronger("b", Proportion.of(10, 100), "w", Proportion.of(10, 100))).isEmpty();

        // the ensemble sees it as well: Square breaks what APGD could not
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AutoAttack aa = new AutoAttack(masked, Norm.LINF, 0.1).apgdSteps(5).targetClasses(2).fabSteps(5).squareQueries(100)
                .warningsTo(new PrintStream(printed, true, StandardCharsets.UTF_8));
        aa.run(x, y);
        assertThat(kinds(aa.lastWarnings())).containsExactly(SanityWarning.Kind.BLACK_BOX_STRONGER);
        assertThat(aa.lastBreakdown()).hasSize(4); // APGD-CE, APGD-T and FAB-T see zero gradients and break nothing
        assertThat(aa.lastBreakdown().entrySet().stream().filter(e -> !e.getKey().startsWith("Square")).mapToLong(java.util.Map.Entry::getValue).sum())
                .isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("WARNING [black-box-stronger]");
    }
}
