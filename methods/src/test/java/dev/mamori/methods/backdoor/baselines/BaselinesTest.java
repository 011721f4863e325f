package dev.mamori.methods.backdoor.baselines;

import dev.mamori.methods.backdoor.BackdoorTestData;
import dev.mamori.methods.backdoor.Defense;
import dev.mamori.methods.backdoor.DefenseContext;
import dev.mamori.methods.backdoor.DefenseRun;
import dev.mamori.methods.backdoor.DefenseSamples;
import dev.mamori.methods.backdoor.ModelCopies;
import dev.mamori.methods.backdoor.TrainingAdapter;
import dev.mamori.methods.backdoor.experiment.BackdoorTraining;
import dev.mamori.methods.backdoor.experiment.DatasetSplits;
import dev.mamori.methods.backdoor.experiment.Scores;
import dev.mamori.methods.backdoor.poisoning.AttackedSet;
import dev.mamori.methods.backdoor.triggers.NeuralCleanse;
import dev.mamori.models.Normalized;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every baseline on the same briefly backdoored CNN (BadNets, Fashion-MNIST) with the same 100 unseen samples lowers the
 * attack success rate. The budgets here are the tests' (larger learning rates than the experiment's, so that a few
 * seconds suffice); each defense runs on its own copy.
 */
class BaselinesTest {
    private static DatasetSplits data;
    private static BackdoorTraining.Backdoored backdoored;
    private static AttackedSet attacked;
    private static Scores before;
    private static DefenseContext context;

    @BeforeAll
    static void model() {
        data = BackdoorTestData.fashion();
        backdoored = BackdoorTestData.backdoored("badnets");
        attacked = AttackedSet.of(data.evalImages(), data.evalLabels(), data.numClasses(), backdoored.trigger(), backdoored.spec());
        before = Scores.of(backdoored.model(), data.evalImages(), data.evalLabels(), attacked);
        DefenseSamples samples = data.samples(100);
        context = new DefenseContext(samples, backdoored.trigger(), () -> NeuralCleanse.builder().steps(40).build().run(backdoored.model(), samples.images()));
    }

    private static Scores defend(Defense d) {
        Normalized copy = ModelCopies.copy(backdoored.model());
        DefenseRun run = d.defend(copy, context);
        Scores after = Scores.of(copy, data.evalImages(), data.evalLabels(), attacked);
        System.out.printf("%s: ASR %.3f -> %.3f, clean %.3f -> %.3f, %.2f s, %s%n", d.name(), before.asr(), after.asr(), before.ca(), after.ca(),
                run.seconds(), run.details());
        assertThat(run.samplesUsed()).isEqualTo(100);
        assertThat(run.stages()).containsOnlyKeys(DefenseRun.FINAL);
        return after;
    }

    private static TrainingAdapter.Settings sgd(int epochs, double lr) {
        return TrainingAdapter.Settings.sgd(epochs, lr, 0);
    }

    @Test
    void fineTuningLowersTheAttackSuccessRate() {
        assertThat(defend(new FineTuning(sgd(20, 0.05), 32)).asr()).isLessThan(before.asr() - 0.2);
    }

    @Test
    void finePruningLowersTheAttackSuccessRate() {
        assertThat(defend(new FinePruning("conv4", 0.05, 0.8, sgd(10, 0.01), 32)).asr()).isLessThan(before.asr() - 0.2);
    }

    @Test
    void nadLowersTheAttackSuccessRate() {
        assertThat(defend(new Nad(List.of("conv2", "conv4"), 5000, 2, sgd(20, 0.05), 20, 32)).asr()).isLessThan(before.asr() - 0.2);
    }

    @Test
    void anpLowersTheAttackSuccessRate() {
        assertThat(defend(new Anp(0.4, 0.2, 0.2, 100, 0.2, 100, 0)).asr()).isLessThan(before.asr() - 0.2);
    }

    @Test
    void ibauLowersTheAttackSuccessRate() {
        assertThat(defend(new Ibau(10, 5, 0.1, 0.1, 5, 1e-2, 100, 0)).asr()).isLessThan(before.asr() - 0.2);
    }

    @Test
    void neuralCleanseUnlearningLowersTheAttackSuccessRate() {
        assertThat(defend(new NeuralCleanseUnlearning(0.2, sgd(20, 0.01), 32)).asr()).isLessThan(before.asr() - 0.2);
    }
}
