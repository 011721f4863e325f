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
    void aRandomizedFrontEndIsDetectedAndTheRandVersionIsRecommended() {
        Classifier noisy = FrontEnd.of(fashion.model, FrontEnd.noise(3));
        List<SanityWarning> w = SanityChecks.run(noisy, x, y, null, null);
        assertThat(kinds(w)).containsExactly(SanityWarning.Kind.RANDOMIZED_OUTPUT);
        assertThat(w.get(0).message()).contains("EOT").contains("AutoAttack's rand version").contains("AutoAttack.rand").contains("not the standard one");

        // a model that declares its realizations is flagged without a guess, with the exact EOT to use
        CoinFlipModel coin = new CoinFlipModel(List.of(fashion.model, fashion.surrogate()), 1);
        RandomizedCoin declared = new RandomizedCoin(coin);
        SanityWarning d = SanityChecks.randomizedOutputs(declared, x, y, 2).orElseThrow();
        assertThat(d.message()).contains("one of its 2 realizations").contains("AutoAttack.rand").contains("Eot.allRealizations()");
        assertThat(SanityChecks.randomizedOutputs(fashion.model, x, y, 5)).isEmpty();

        // the standard ensemble on a randomized model says so and points to the rand version, which is what it is built for
        AutoAttack standard = new AutoAttack(noisy, Norm.LINF, 0.05).apgdSteps(3).targetClasses(1).fabSteps(0).squareQueries(0).warningsTo(null);
        standard.run(fashion.images(10), fashion.labels(10));
        assertThat(kinds(standard.lastWarnings())).contains(SanityWarning.Kind.RANDOMIZED_OUTPUT);
        assertThat(standard.lastWarnings().get(0).message()).contains("use AutoAttack.rand");
        AutoAttack rand = AutoAttack.rand(declared, Norm.LINF, 0.05).apgdSteps(3).warningsTo(null);
        assertThat(rand.version()).isEqualTo(AutoAttack.Version.RAND);
        assertThat(rand.members()).extracting(Attack::name).allMatch(n -> n.startsWith("APGD-CE") || n.startsWith("APGD-DLR")).hasSize(2);
        assertThat(rand.eot()).isEqualTo(Eot.allRealizations());
        assertThat(AutoAttack.rand(noisy, Norm.LINF, 0.05).eot()).isEqualTo(Eot.repeat(AutoAttack.RAND_EOT_SAMPLES));
        AttackResult r = rand.run(fashion.images(10), fashion.labels(10));
        assertThat(r.judgeRule()).contains("all 2 realizations");
        assertThat(rand.lastWarnings()).isEmpty();
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

        // The ensemble sees it as well: Square breaks what the white-box members could not. Those see zero gradients, so
        // they cannot follow one; but APGD starts from a random point in the budget (uniform noise, one coordinate at
        // eps), and noise of 0.1 on the quantized input fools an example now and then: a real success, at iteration 0.
        // FAB-T has no random start and does not move without a gradient.
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AutoAttack aa = new AutoAttack(masked, Norm.LINF, 0.1).apgdSteps(5).targetClasses(2).fabSteps(5).squareQueries(100)
                .warningsTo(new PrintStream(printed, true, StandardCharsets.UTF_8));
        aa.run(x, y);
        assertThat(kinds(aa.lastWarnings())).containsExactly(SanityWarning.Kind.BLACK_BOX_STRONGER);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("WARNING [black-box-stronger]");
        java.util.Map<String, Long> broke = aa.lastBreakdown();
        assertThat(broke).hasSize(4);
        System.out.println("AutoAttack on the quantized model, examples broken per member: " + broke);
        // the mechanism: with ten random restarts, APGD-CE breaks examples only at the start of a run, never by a step
        AttackResult restarted = Apgd.ce(masked, Norm.LINF, 0.1).steps(5).restarts(10).run(x, y);
        long atRandomStarts = 0;
        for (int i = 0; i < x.size(0); i++) {
            if (!restarted.success()[i] || restarted.cleanPredictions()[i] != y[i]) continue;
            assertThat(restarted.iterations()[i] % 5).as("example %d: broken at a random start, not after a gradient step", i).isZero();
            atRandomStarts++;
        }
        System.out.println("APGD-CE with 10 random restarts on the quantized model: " + atRandomStarts + " broken, all at a random start");
        assertThat(atRandomStarts).as("uniform noise in the budget fools some examples of the quantized model").isPositive();
        assertThat(broke.entrySet().stream().filter(e -> e.getKey().startsWith("FAB")).mapToLong(java.util.Map.Entry::getValue).sum()).isZero();
        long whiteBox = broke.entrySet().stream().filter(e -> !e.getKey().startsWith("Square")).mapToLong(java.util.Map.Entry::getValue).sum();
        long bySquare = broke.entrySet().stream().filter(e -> e.getKey().startsWith("Square")).mapToLong(java.util.Map.Entry::getValue).sum();
        assertThat(whiteBox).as("white-box members: random-start luck only").isLessThanOrEqualTo(2);
        assertThat(bySquare).as("Square breaks far more than the random starts").isGreaterThanOrEqualTo(5 * Math.max(whiteBox, 1));
    }
}
