package dev.mamori.methods.attacks;

import dev.mamori.autograd.Tensor;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.models.Classifier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mechanics of the attack base on a cheap linear model: validation, modes, counters, EOT, schedules, registry. */
class AttackMechanicsTest {
    private static final int N = 12;

    private static INDArray images(long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, N, 1, 8, 8);
    }

    private static int[] labels() {
        int[] y = new int[N];
        for (int i = 0; i < N; i++) y[i] = i % 5;
        return y;
    }

    @Test
    void rejectsBadInputsWithUsefulMessages() {
        Classifier m = new LinearModel(1, 8, 5, 1);
        Pgd pgd = Pgd.linf(m, 0.1);
        assertThatThrownBy(() -> pgd.run(images(1).mul(2), labels())).hasMessageContaining("[0, 1]").hasMessageContaining("Normalized");
        assertThatThrownBy(() -> pgd.run(images(1), new int[3])).hasMessageContaining("12 images but 3 labels");
        assertThatThrownBy(() -> pgd.run(Nd4j.rand(DataType.FLOAT, N, 64), labels())).hasMessageContaining("[N, C, H, W]");
        assertThatThrownBy(() -> pgd.run(Nd4j.rand(DataType.FLOAT, N, 3, 8, 8), labels())).hasMessageContaining("takes 1 channels");
        int[] bad = labels();
        bad[4] = 7;
        assertThatThrownBy(() -> pgd.run(images(1), bad)).hasMessageContaining("label 7 at index 4");
        assertThatThrownBy(() -> pgd.runTargeted(images(1), labels(), labels())).hasMessageContaining("equals the label");
        assertThatThrownBy(() -> Pgd.linf(m, -1)).hasMessageContaining("eps");
        assertThatThrownBy(() -> new Square(m, 0.1).queries(0)).hasMessageContaining("queries");
    }

    @Test
    void attacksRunInEvalModeAndRestoreTheModelsMode() {
        Classifier m = new LinearModel(1, 8, 5, 1);
        m.train();
        new Fgsm(m, 0.1).run(images(1), labels());
        assertThat(m.isTraining()).isTrue();
        m.eval();
        new Fgsm(m, 0.1).run(images(1), labels());
        assertThat(m.isTraining()).isFalse();
    }

    @Test
    void resultCountsQueriesAndIterations() {
        Classifier m = new LinearModel(1, 8, 5, 1);
        AttackResult r = Pgd.linf(m, 0.05).steps(7).earlyStop(false).run(images(2), labels());
        // one clean check, then one gradient per step
        assertThat(r.queries()).containsOnly(8);
        assertThat(r.iterations()).containsOnly(7);
        assertThat(r.meanQueries()).isEqualTo(8.0);
        assertThat(r.size()).isEqualTo(N);
        long right = 0;
        for (int i = 0; i < N; i++) if (r.cleanPredictions()[i] == labels()[i] && r.adversarialPredictions()[i] == labels()[i]) right++;
        assertThat(r.robustAccuracy()).isEqualTo(Proportion.of(right, N));
        for (int i = 0; i < N; i++) assertThat(r.success()[i]).isEqualTo(r.adversarialPredictions()[i] != labels()[i]);
    }

    @Test
    void earlyStopLeavesMisclassifiedExamplesUntouched() {
        Classifier m = new LinearModel(1, 8, 5, 1);
        INDArray x = images(3);
        AttackResult r = Pgd.linf(m, 0.1).steps(5).run(x, labels());
        float[] clean = AttackedModel.floats(x), adv = AttackedModel.floats(r.adversarial());
        int d = 64;
        for (int i = 0; i < N; i++) {
            if (r.cleanPredictions()[i] != labels()[i]) {
                assertThat(java.util.Arrays.copyOfRange(adv, i * d, (i + 1) * d)).containsExactly(java.util.Arrays.copyOfRange(clean, i * d, (i + 1) * d));
                assertThat(r.queries()[i]).isEqualTo(1);
                assertThat(r.iterations()[i]).isZero();
            }
        }
    }

    @Test
    void eotAveragesTheGradientsOfTheTransforms() {
        Classifier m = new LinearModel(1, 8, 5, 2);
        m.eval();
        float[] x = AttackedModel.floats(images(4));
        List<UnaryOperator<Tensor>> transforms = List.of(t -> t.mul(0.5), t -> t.mul(-1.0).add(1.0), t -> t);
        AttackedModel plain = new AttackedModel(m, null, 64, new long[]{1, 8, 8});
        LossGradient[] each = new LossGradient[3];
        for (int k = 0; k < 3; k++) {
            UnaryOperator<Tensor> t = transforms.get(k);
            Classifier transformed = FrontEnd.of(m, t);
            each[k] = new AttackedModel(transformed, null, 64, new long[]{1, 8, 8})
                    .lossGradient(x, N, AttackLosses.crossEntropy(), labels(), null, new SplittableRandom(0));
        }
        AttackedModel eot = new AttackedModel(m, Eot.over(TransformSampler.cycle(transforms), 3), 64, new long[]{1, 8, 8});
        LossGradient avg = eot.lossGradient(x, N, AttackLosses.crossEntropy(), labels(), null, new SplittableRandom(0));
        for (int j = 0; j < avg.gradient().length; j++) {
            double expected = (each[0].gradient()[j] + each[1].gradient()[j] + each[2].gradient()[j]) / 3.0;
            assertThat((double) avg.gradient()[j]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
        }
        for (int i = 0; i < N; i++) {
            double expected = (each[0].loss()[i] + each[1].loss()[i] + each[2].loss()[i]) / 3.0;
            assertThat(avg.loss()[i]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(eot.evaluationsPerGradient()).isEqualTo(3);
        assertThat(plain.evaluationsPerGradient()).isEqualTo(1);
        // an attack with EOT counts every sample as a query
        AttackResult r = Pgd.linf(m, 0.05).steps(2).earlyStop(false).eot(Eot.repeat(4)).run(images(4), labels());
        assertThat(r.queries()).containsOnly(1 + 2 * 4);
    }

    @Test
    void apgdCheckpointsFollowThePaper() {
        assertThat(ApgdCore.checkpoints(100)).containsExactly(22, 41, 57, 70, 80, 87, 93, 99);
        assertThat(ApgdCore.checkpoints(10)).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void squareScheduleHalvesTheWindowAreaAtThePapersIterations() {
        assertThat(Square.pSelection(0.8, 0, 10000)).isEqualTo(0.8);
        assertThat(Square.pSelection(0.8, 10, 10000)).isEqualTo(0.8);
        assertThat(Square.pSelection(0.8, 11, 10000)).isEqualTo(0.4);
        assertThat(Square.pSelection(0.8, 201, 10000)).isEqualTo(0.1);
        assertThat(Square.pSelection(0.8, 9000, 10000)).isEqualTo(0.8 / 512);
        // rescaled to the budget: iteration 100 of 1000 is iteration 1000 of 10000
        assertThat(Square.pSelection(0.8, 100, 1000)).isEqualTo(0.8 / 16);
    }

    /** AutoAttack's standard version builds Square with resc_schedule=False: at 5,000 queries its windows shrink half as fast. */
    @Test
    void autoAttacksSquareKeepsThePapersScheduleUnscaled() {
        Classifier m = new LinearModel(1, 8, 5, 1);
        List<Attack<?>> members = new AutoAttack(m, Norm.LINF, 0.1).members();
        Attack<?> square = members.get(members.size() - 1);
        assertThat(square).isInstanceOf(Square.class);
        assertThat(square.name()).contains("queries=5000").contains("schedule not rescaled");
        assertThat(new Square(m, 0.1).name()).as("standalone: rescaled, the reference SquareAttack's default").doesNotContain("schedule");
        // iteration 300: the paper's p_init / 8 unscaled, p_init / 16 rescaled to 5,000 queries (iteration 600 of 10,000)
        assertThat(Square.pSelection(0.8, 300, 10000)).isEqualTo(0.8 / 8);
        assertThat(Square.pSelection(0.8, 300, 5000)).isEqualTo(0.8 / 16);
    }

    @Test
    void stepSchedules() {
        assertThat(StepSchedule.constant().stepSize(0.1, 5, 10)).isEqualTo(0.1);
        assertThat(StepSchedule.cosine().stepSize(0.1, 0, 10)).isEqualTo(0.1);
        assertThat(StepSchedule.cosine().stepSize(0.1, 5, 10)).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(StepSchedule.stepDecay(3, 0.5).stepSize(0.1, 7, 10)).isCloseTo(0.025, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void registryBuildsAttacksByNameAndRejectsUnknownOptions() {
        Classifier m = new LinearModel(1, 8, 5, 1);
        Attack<?> pgd = AttackRegistry.create("pgd", m, 8 / 255.0, Map.of("steps", "20", "alpha", "2/255", "seed", "3"));
        assertThat(pgd.name()).isEqualTo("PGD-Linf(eps=0.031373, alpha=0.0078431, steps=20)");
        assertThat(pgd.seed()).isEqualTo(3);
        assertThat(AttackRegistry.create("pgd", m, 0.5, Map.of("norm", "l2")).norm()).isEqualTo(Norm.L2);
        assertThat(AttackRegistry.create("cw", m, 0, Map.of()).norm()).isNull();
        assertThat(AttackRegistry.create("square", m, 0.1).isBlackBox()).isTrue();
        for (String name : AttackRegistry.names().keySet()) assertThat(AttackRegistry.create(name, m, 0.1).model()).isSameAs(m);
        assertThatThrownBy(() -> AttackRegistry.create("pgd", m, 0.1, Map.of("stpes", "3")))
                .hasMessageContaining("[stpes]").hasMessageContaining("steps");
        assertThatThrownBy(() -> AttackRegistry.create("pgd", m, 0.1, Map.of("steps", "many"))).hasMessageContaining("integer");
        assertThat(AttackRegistry.create("fab", m, 0.1, Map.of("targets", "3", "steps", "7")).name()).isEqualTo("FAB-T-Linf(eps=0.1, steps=7, targets=3)");
        assertThatThrownBy(() -> AttackRegistry.create("fob", m, 0.1)).hasMessageContaining("unknown attack 'fob'");
    }

    /** Attacks run batch by batch: AutoAttack's breakdown and member times add up over every batch, not the last one. */
    @Test
    void autoAttackBreakdownAndTimesCoverEveryBatch() {
        Classifier m = new LinearModel(1, 8, 5, 1);
        AutoAttack aa = new AutoAttack(m, Norm.LINF, 0.1).apgdSteps(3).targetClasses(2).fabSteps(3).squareQueries(20).warningsTo(null).batchSize(2);
        AttackResult r = aa.run(images(1), labels());
        long broken = aa.lastBreakdown().values().stream().mapToLong(Long::longValue).sum();
        assertThat(r.successRate().successes()).as("more examples broken than one batch holds").isGreaterThan(2);
        assertThat(broken).isEqualTo(r.successRate().successes());
        assertThat(aa.lastSeconds().keySet()).isEqualTo(aa.lastBreakdown().keySet());
        assertThat(aa.lastSeconds().values()).allSatisfy(s -> assertThat(s).isGreaterThanOrEqualTo(0.0));
    }

    @Test
    void autoAttackRefusesTargetedRuns() {
        Classifier m = new LinearModel(1, 8, 5, 1);
        int[] targets = Targets.shifted(labels(), 5, 1);
        assertThatThrownBy(() -> new AutoAttack(m, Norm.LINF, 0.1).apgdSteps(2).squareQueries(0).runTargeted(images(1), labels(), targets))
                .hasMessageContaining("untargeted");
    }
}
