package dev.mamori.methods.attacks;

import dev.mamori.eval.metrics.PerturbationNorms;
import dev.mamori.models.Classifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every attack against a small CNN trained on real Fashion-MNIST (about 80% clean accuracy), at the standard budgets
 * (L-inf 0.1, L2 2.0): it must never exceed its budget, keep pixels in [0, 1], and come within a stated margin of a
 * strong reference attack (AutoAttack for L-inf, 50-step APGD-CE for L2) measured on the same images. The margins are
 * tight for the gradient attacks, so that an attack no stronger than a single gradient step (FGSM, which the test
 * also runs) fails them; wider for attacks the budget keeps weaker (Square and SPSA with a few hundred queries, CW with
 * 30 steps). On the same model the strong attacks must order as they should (APGD-CE <= PGD-20 <= FGSM in robust
 * accuracy, AutoAttack <= each of its parts).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttackStrengthTest {
    private static final int N = 100;
    private static final int ITERATION_IMAGES = 200;
    private static final double ITERATION_MARGIN = 0.025;
    private FashionModel fashion;
    private INDArray x;
    private int[] y;

    /** The margin of the gradient attacks above the reference (a single gradient step must fail it). */
    private static final double TIGHT = 0.05;
    private double referenceLinf, referenceL2, fgsmRobust;

    /** @param margin how far above the reference attack's robust accuracy this attack may stay */
    record Case(String label, Function<Classifier, Attack<?>> build, int examples, double margin) {
        @Override
        public String toString() {
            return label;
        }
    }

    @BeforeAll
    void train() {
        fashion = FashionModel.get();
        x = fashion.images(N);
        y = fashion.labels(N);
        referenceLinf = new AutoAttack(fashion.model, Norm.LINF, 0.1).apgdSteps(50).fabSteps(20).squareQueries(1000).warningsTo(null)
                .run(x, y).robustAccuracy().value();
        referenceL2 = Apgd.ce(fashion.model, Norm.L2, 2.0).steps(50).restarts(2).run(x, y).robustAccuracy().value();
        fgsmRobust = new Fgsm(fashion.model, 0.1).run(x, y).robustAccuracy().value();
        System.out.printf("references: AutoAttack (L-inf 0.1) robust %.2f, APGD-CE-50 (L2 2.0) %.2f; FGSM %.2f%n", referenceLinf, referenceL2,
                fgsmRobust);
        // the tight margin separates: a single gradient step does not pass it
        assertThat(fgsmRobust).isGreaterThan(referenceLinf + TIGHT);
    }

    static List<Case> attacks() {
        return List.of(
                new Case("FGSM", m -> new Fgsm(m, 0.1), N, 0.15),
                new Case("PGD-Linf", m -> Pgd.linf(m, 0.1).steps(10), N, TIGHT),
                // cosine decay halves the total movement of a constant step, so its base step is doubled (2.5 eps in all, as PGD's default)
                new Case("PGD-Linf restarts cosine", m -> Pgd.linf(m, 0.1).steps(10).restarts(2).schedule(StepSchedule.cosine()).alpha(0.05), N, TIGHT),
                new Case("PGD-L2", m -> Pgd.l2(m, 2.0).steps(10), N, TIGHT),
                // torchattacks' MI-FGSM setting (alpha = eps / 4, 10 steps); the paper's alpha = eps / steps moves at most eps in all,
                // which leaves it between FGSM and PGD (17 robust of 100 here, FGSM 19, PGD-10 13)
                new Case("MI-FGSM", m -> new MiFgsm(m, 0.1).steps(10).alpha(0.025), N, TIGHT),
                new Case("APGD-CE", m -> Apgd.ce(m, Norm.LINF, 0.1).steps(10), N, TIGHT),
                new Case("APGD-DLR", m -> Apgd.dlr(m, Norm.LINF, 0.1).steps(10), N, TIGHT),
                new Case("APGD-CE-L2", m -> Apgd.ce(m, Norm.L2, 2.0).steps(10), N, TIGHT),
                new Case("APGD-T", m -> new ApgdTargeted(m, Norm.LINF, 0.1).steps(10).targetClasses(3), N, TIGHT),
                new Case("CW-L2", m -> new CarliniWagnerL2(m).initialConst(1).learningRate(0.05).steps(30).binarySearchSteps(3).maxNorm(2.0), N, 0.2),
                new Case("DeepFool-L2", m -> DeepFool.l2(m).maxNorm(2.0), N, TIGHT),
                new Case("DeepFool-Linf", m -> new DeepFool(m, Norm.LINF).maxNorm(0.1), N, TIGHT),
                new Case("FAB-Linf", m -> new Fab(m, 0.1).steps(20), N, TIGHT),
                new Case("FAB-T-Linf", m -> Fab.targetedLinf(m, 0.1).steps(10).targetClasses(3), N, TIGHT),
                new Case("Square", m -> new Square(m, 0.1).queries(300), N, 0.18),
                new Case("SPSA", m -> new Spsa(m, 0.1).steps(20).samples(32).learningRate(0.02), 50, 0.18),
                new Case("AutoAttack", m -> new AutoAttack(m, Norm.LINF, 0.1).apgdSteps(10).targetClasses(3).fabSteps(10).squareQueries(100), N, TIGHT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void lowersAccuracyFarBelowCleanWithinTheBudget(Case c) {
        Classifier model = fashion.model;
        Attack<?> attack = c.build().apply(model);
        INDArray images = c.examples() == N ? x : fashion.images(c.examples());
        int[] labels = c.examples() == N ? y : fashion.labels(c.examples());
        AttackResult r = attack.run(images, labels);
        double clean = r.cleanAccuracy().value();
        double robust = r.robustAccuracy().value();
        System.out.printf("%-75s clean %.2f robust %.2f, %.1f queries/example, %.2f s%n", attack.name(), clean, robust, r.meanQueries(), r.seconds());
        assertThat(clean).isGreaterThanOrEqualTo(0.75);
        double reference = attack.norm() == Norm.LINF ? referenceLinf : referenceL2;
        assertThat(robust).as(attack.name() + ": robust accuracy vs the reference's " + reference + " + " + c.margin()).isLessThanOrEqualTo(reference + c.margin());
        assertThat(robust).as(attack.name() + " on an attack-free baseline of " + clean).isLessThan(clean - 0.4);

        PerturbationNorms norms = r.norms(images);
        double eps = attack.epsilon();
        for (int i = 0; i < r.size(); i++) {
            double size = attack.norm() == Norm.LINF ? norms.linf()[i] : norms.l2()[i];
            assertThat(size).as(attack.name() + ": " + attack.norm() + " of example " + i).isLessThanOrEqualTo(eps);
        }
        float[] adv = AttackedModel.floats(r.adversarial());
        for (float v : adv) assertThat(v).isBetween(0f, 1f);
        // the reported predictions are the model's on the returned images
        int[] again = RobustnessCheck.predict(model, r.adversarial());
        assertThat(again).containsExactly(r.adversarialPredictions());
    }

    @Test
    void theModelUnderAttackIsAccurate() {
        assertThat(fashion.cleanAccuracy).as("clean accuracy on the first 200 test images").isGreaterThanOrEqualTo(0.80);
    }

    @Test
    void strongerAttacksLeaveLessRobustAccuracy() {
        Classifier m = fashion.model;
        for (double eps : new double[]{0.05, 0.1}) {
            AttackResult fgsm = new Fgsm(m, eps).run(x, y);
            AttackResult pgd = Pgd.linf(m, eps).steps(20).run(x, y);
            AttackResult apgd = Apgd.ce(m, Norm.LINF, eps).steps(20).run(x, y);
            System.out.printf("eps %.2f: FGSM %s, PGD-20 %s, APGD-CE-20 %s%n", eps, fgsm.robustAccuracy(), pgd.robustAccuracy(), apgd.robustAccuracy());
            assertThat(apgd.robustAccuracy().successes()).as("eps %s: APGD-CE <= PGD-20", eps).isLessThanOrEqualTo(pgd.robustAccuracy().successes());
            assertThat(pgd.robustAccuracy().successes()).as("eps %s: PGD-20 <= FGSM", eps).isLessThanOrEqualTo(fgsm.robustAccuracy().successes());
        }
        // The iterations matter: PGD-20 leaves clearly less than FGSM's one step (2.5 points = 5 of 200 images), on all 200
        // images rather than the 100 above: the gap moves with the machine's rounding of the trained model (at 100 images
        // FGSM 18 vs PGD-20 14 robust on an AVX-512 FP16 Xeon; FGSM 19 vs PGD-10 13 noted on the earlier machine; 15.5% vs 11.5%
        // on 200 on the Xeon), while
        // a PGD whose steps do nothing stays at or above FGSM.
        INDArray more = fashion.images(ITERATION_IMAGES);
        int[] moreLabels = fashion.labels(ITERATION_IMAGES);
        double fgsmMore = new Fgsm(m, 0.1).run(more, moreLabels).robustAccuracy().value();
        double pgdMore = Pgd.linf(m, 0.1).steps(20).run(more, moreLabels).robustAccuracy().value();
        System.out.printf("eps 0.10 on %d images: FGSM %.3f, PGD-20 %.3f%n", ITERATION_IMAGES, fgsmMore, pgdMore);
        assertThat(fgsmMore - pgdMore).as("the iterations matter").isGreaterThanOrEqualTo(ITERATION_MARGIN);
        for (Norm norm : Norm.values()) {
            double eps = norm == Norm.LINF ? 0.05 : 1.0;
            AttackResult pgd = new Pgd(m, norm, eps).steps(20).run(x, y);
            AttackResult apgdCe = Apgd.ce(m, norm, eps).steps(20).run(x, y);
            System.out.printf("%s eps %.2f: PGD-20 %s, APGD-CE-20 %s%n", norm, eps, pgd.robustAccuracy(), apgdCe.robustAccuracy());
            assertThat(apgdCe.robustAccuracy().successes()).as(norm + ": APGD-CE vs PGD").isLessThanOrEqualTo(pgd.robustAccuracy().successes());
        }
    }

    @Test
    void autoAttackIsAtLeastAsStrongAsEachOfItsParts() {
        Classifier m = fashion.model;
        double eps = 0.05;
        AutoAttack aa = new AutoAttack(m, Norm.LINF, eps).apgdSteps(10).targetClasses(3).fabSteps(10).squareQueries(100).warningsTo(null);
        AttackResult ensemble = aa.run(x, y);
        StringBuilder parts = new StringBuilder();
        int bestPart = Integer.MAX_VALUE;
        for (Attack<?> part : aa.members()) {
            AttackResult r = part.run(x, y);
            parts.append(String.format("%s %s; ", part.name(), r.robustAccuracy()));
            bestPart = Math.min(bestPart, (int) r.robustAccuracy().successes());
            assertThat(ensemble.robustAccuracy().successes()).as("AutoAttack vs " + part.name()).isLessThanOrEqualTo(r.robustAccuracy().successes());
        }
        System.out.printf("AutoAttack %s; parts: %s%n", ensemble.robustAccuracy(), parts);
        // every example the ensemble leaves robust survived all parts inside it; the breakdown adds up to what it broke
        long broken = aa.lastBreakdown().values().stream().mapToLong(Long::longValue).sum();
        assertThat(broken).isEqualTo(ensemble.successRate().successes());
        assertThat(ensemble.robustAccuracy().successes()).isLessThanOrEqualTo(bestPart);
    }

    /** FAB is a minimum-norm attack: with a loose budget, the perturbations it returns are far smaller than the budget. */
    @Test
    void fabFindsPerturbationsFarBelowALooseBudget() {
        AttackResult r = new Fab(fashion.model, 0.3).steps(30).earlyStop(false).run(x, y);
        PerturbationNorms norms = r.norms(x);
        double sum = 0;
        int broken = 0;
        for (int i = 0; i < N; i++) {
            if (!r.success()[i] || r.cleanPredictions()[i] != y[i]) continue;
            sum += norms.linf()[i];
            broken++;
        }
        double mean = sum / broken;
        System.out.printf("FAB-Linf with budget 0.3: %d broken, mean L-inf %.4f%n", broken, mean);
        assertThat(broken).isGreaterThanOrEqualTo(70);
        assertThat(mean).isLessThan(0.1);
    }

    @Test
    void restartsOnlyAddSuccesses() {
        Classifier m = fashion.model;
        // the first run of a restarted attack is the single run (same per-example random streams); later runs only
        // revisit the examples that are still robust
        AttackResult once = Pgd.linf(m, 0.05).steps(5).seed(4).run(x, y);
        AttackResult thrice = Pgd.linf(m, 0.05).steps(5).restarts(3).seed(4).run(x, y);
        AttackResult apgdOnce = Apgd.ce(m, Norm.LINF, 0.05).steps(5).seed(4).run(x, y);
        AttackResult apgdThrice = Apgd.ce(m, Norm.LINF, 0.05).steps(5).restarts(3).seed(4).run(x, y);
        for (int i = 0; i < N; i++) {
            if (once.success()[i]) assertThat(thrice.success()[i]).as("PGD example " + i).isTrue();
            if (apgdOnce.success()[i]) assertThat(apgdThrice.success()[i]).as("APGD example " + i).isTrue();
        }
        System.out.printf("restarts: PGD %s -> %s, APGD %s -> %s%n", once.robustAccuracy(), thrice.robustAccuracy(), apgdOnce.robustAccuracy(),
                apgdThrice.robustAccuracy());
        assertThat(thrice.robustAccuracy().successes()).isLessThanOrEqualTo(once.robustAccuracy().successes());
        assertThat(thrice.meanQueries()).isGreaterThan(once.meanQueries());
    }

    @Test
    void targetedAttacksReachTheirTargetsOften() {
        Classifier m = fashion.model;
        int[] targets = Targets.random(y, 10, 17);
        List<Attack<?>> attacks = List.of(Pgd.linf(m, 0.2).steps(20), Pgd.l2(m, 3.0).steps(20), Apgd.ce(m, Norm.LINF, 0.2).steps(20),
                Apgd.dlr(m, Norm.LINF, 0.2).steps(20), new ApgdTargeted(m, Norm.LINF, 0.2).steps(20), new MiFgsm(m, 0.2).steps(20),
                new CarliniWagnerL2(m).initialConst(1).learningRate(0.05).steps(30).binarySearchSteps(3), DeepFool.l2(m),
                new Fab(m, 0.2).steps(20), new Square(m, 0.2).queries(300));
        for (Attack<?> a : attacks) {
            AttackResult r = a.runTargeted(x, y, targets);
            System.out.printf("targeted %-70s reached %s%n", a.name(), r.successRate());
            assertThat(r.targeted()).isTrue();
            int reached = 0;
            for (int i = 0; i < N; i++) {
                assertThat(r.success()[i]).isEqualTo(r.adversarialPredictions()[i] == targets[i]);
                if (r.success()[i]) reached++;
            }
            assertThat(reached).as(a.name() + ": examples classified as their target").isGreaterThanOrEqualTo(N / 2);
        }
        // one step, or no gradients at all: weaker, but far above the ~10% a random prediction would give
        INDArray half = fashion.images(50);
        int[] halfLabels = fashion.labels(50);
        int[] halfTargets = java.util.Arrays.copyOf(targets, 50);
        for (Attack<?> a : List.<Attack<?>>of(new Fgsm(m, 0.2), new Spsa(m, 0.2).steps(30).samples(32).learningRate(0.03))) {
            AttackResult r = a.runTargeted(half, halfLabels, halfTargets);
            System.out.printf("targeted %-70s reached %s%n", a.name(), r.successRate());
            assertThat(r.successRate().value()).as(a.name()).isGreaterThanOrEqualTo(0.3);
        }
    }

    @Test
    void sameSeedSameResultOtherSeedOtherResult() {
        Classifier m = fashion.model;
        INDArray small = fashion.images(20);
        int[] labels = fashion.labels(20);
        for (Function<Long, Attack<?>> build : List.<Function<Long, Attack<?>>>of(
                s -> Pgd.linf(m, 0.1).steps(3).earlyStop(false).seed(s),
                s -> Apgd.ce(m, Norm.L2, 1.0).steps(3).earlyStop(false).seed(s),
                s -> new Square(m, 0.1).queries(20).seed(s),
                s -> new Spsa(m, 0.1).steps(2).samples(4).earlyStop(false).seed(s))) {
            AttackResult a = build.apply(1L).run(small, labels);
            AttackResult b = build.apply(1L).run(small, labels);
            AttackResult c = build.apply(2L).run(small, labels);
            assertThat(AttackedModel.floats(b.adversarial())).as(a.attack() + " with the same seed").containsExactly(AttackedModel.floats(a.adversarial()));
            assertThat(AttackedModel.floats(c.adversarial())).as(a.attack() + " with another seed").isNotEqualTo(AttackedModel.floats(a.adversarial()));
        }
        // per-example random streams: the result of an example does not depend on how the input is batched
        AttackResult whole = new Square(m, 0.1).queries(20).seed(5).run(small, labels);
        AttackResult batched = new Square(m, 0.1).queries(20).seed(5).batchSize(7).run(small, labels);
        assertThat(AttackedModel.floats(batched.adversarial())).containsExactly(AttackedModel.floats(whole.adversarial()));
    }

    @Test
    void bpdaRestoresTheAttackThroughNonDifferentiablePreprocessing() {
        Classifier quantized = FrontEnd.of(fashion.model, FrontEnd.quantize8Bit());
        AttackResult direct = Pgd.linf(quantized, 0.1).steps(10).run(x, y);
        AttackResult bpda = Pgd.linf(Bpda.of(fashion.model, FrontEnd.quantize8Bit()), 0.1).steps(10).run(x, y);
        // judged on the real defense: the BPDA adversarial examples fool the quantizing model too
        int[] onDefense = RobustnessCheck.predict(quantized, bpda.adversarial());
        int robustOnDefense = 0;
        for (int i = 0; i < N; i++) if (onDefense[i] == y[i] && bpda.cleanPredictions()[i] == y[i]) robustOnDefense++;
        System.out.printf("quantized model: PGD %s, PGD with BPDA %s (%d robust on the defense)%n", direct.robustAccuracy(), bpda.robustAccuracy(),
                robustOnDefense);
        assertThat(direct.robustAccuracy().value()).as("zero gradients stall plain PGD").isGreaterThan(0.6);
        assertThat(bpda.robustAccuracy().value()).isLessThan(0.4);
        assertThat(robustOnDefense).isEqualTo(bpda.robustAccuracy().successes());
    }

    @Test
    void transferAttackFromASurrogateIsJudgedOnTheTarget() {
        Classifier surrogate = fashion.surrogate();
        TransferAttack transfer = new TransferAttack(Pgd.linf(surrogate, 0.1).steps(10), fashion.model);
        AttackResult r = transfer.run(x, y);
        AttackResult whiteBox = Pgd.linf(fashion.model, 0.1).steps(10).run(x, y);
        System.out.printf("transfer %s: robust %s (white box %s), target queries %.1f%n", transfer.name(), r.robustAccuracy(), whiteBox.robustAccuracy(),
                r.meanQueries());
        assertThat(transfer.isBlackBox()).isTrue();
        assertThat(r.queries()).as("the target is only asked for the clean predictions").containsOnly(1);
        assertThat(r.robustAccuracy().value()).isLessThan(r.cleanAccuracy().value() - 0.2);
        assertThat(r.robustAccuracy().value()).isGreaterThanOrEqualTo(whiteBox.robustAccuracy().value());
        int[] onTarget = RobustnessCheck.predict(fashion.model, r.adversarial());
        assertThat(onTarget).containsExactly(r.adversarialPredictions());
    }
}
