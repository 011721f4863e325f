package dev.mamori.methods.backdoor.unlearning;

import dev.mamori.methods.backdoor.BackdoorTestData;
import dev.mamori.methods.backdoor.DefenseSamples;
import dev.mamori.methods.backdoor.ModelCopies;
import dev.mamori.methods.backdoor.experiment.BackdoorTraining;
import dev.mamori.methods.common.Predictions;
import dev.mamori.models.Normalized;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cross-fitted predictions of a hidden linear layer's edit are computed in one pass with the layer's output put in
 * place (from the captured activations), not by setting each fold's weight and running the network again: both give
 * the same probabilities. And with two triggers the rows are the clean rows paired with each trigger in turn.
 */
class CrossFittingTest {

    @Test
    void replacingTheLayerOutputGivesWhatSettingTheWeightGives() {
        BackdoorTraining.Backdoored b = BackdoorTestData.backdoored("badnets");
        Normalized model = ModelCopies.copy(b.model());
        DefenseSamples samples = BackdoorTestData.fashion().samples(10);
        ReadingLayer fc1 = ReadingLayer.of(model, "fc1");
        EditRows rows = EditRows.of(samples, b.trigger(), UnlearningOptions.builder().augmentCopies(1).build(), new SplittableRandom(1));
        LayerProblem p = new LayerProblem(model, fc1, rows);
        double[][] w = fc1.weight();
        SplittableRandom rng = new SplittableRandom(2);
        for (double[] row : w) for (int j = 0; j < row.length; j++) row[j] *= 1 + 0.5 * (rng.nextDouble() - 0.5);
        INDArray images = samples.images();
        double[][] features = fc1.capture(model, images).features();
        double[][] replaced = p.withLayerOutputs(images, LayerProblem.outputs(w, fc1.bias(), features));
        double[][] original = fc1.weight();
        fc1.setWeight(w);
        double[][] reference = Predictions.probabilities(model, images);
        fc1.setWeight(original);
        for (int i = 0; i < reference.length; i++) {
            for (int k = 0; k < reference[i].length; k++) assertThat(replaced[i][k]).isCloseTo(reference[i][k], org.assertj.core.data.Offset.offset(1e-4));
        }
        // the layer is untouched after the pass
        assertThat(fc1.weight()).isDeepEqualTo(original);
    }

    /**
     * The edit chosen inside the capture pass, its cross-fitted outputs continuing through the layers above in that same
     * pass, gives the edit and the cross-fitted probabilities of the two-pass way (capture, then the cross-fitting's
     * own pass), and leaves the model as it was.
     */
    @Test
    void theOnePassEditGivesWhatCaptureThenCrossFittingGives() {
        BackdoorTraining.Backdoored b = BackdoorTestData.backdoored("badnets");
        Normalized model = ModelCopies.copy(b.model());
        DefenseSamples samples = BackdoorTestData.fashion().samples(10);
        ReadingLayer fc1 = ReadingLayer.of(model, "fc1");
        UnlearningOptions o = UnlearningOptions.builder().augmentCopies(1).build();
        EditRows rows = EditRows.of(samples, b.trigger(), o, new SplittableRandom(1));
        double[][] before = fc1.weight();
        LayerProblem.Solved one = LayerProblem.solve(model, fc1, rows, o, new StageClock(), true);
        assertThat(fc1.weight()).isDeepEqualTo(before);
        LayerProblem two = new LayerProblem(model, fc1, rows);
        ActivationGuidedUnlearning.LayerEdit edit = two.chooseAndFit(o, new StageClock());
        double[][][] cv = two.crossFittedProbabilities(edit, null);
        assertThat(one.edit().lambda()).isEqualTo(edit.lambda());
        assertThat(one.edit().units()).isEqualTo(edit.units());
        assertThat(one.edit().edited()).isDeepEqualTo(edit.edited());
        assertThat(one.problem().cleanProbabilities).isDeepEqualTo(two.cleanProbabilities);
        assertThat(one.problem().triggeredProbabilities).isDeepEqualTo(two.triggeredProbabilities);
        for (int side = 0; side < 2; side++) {
            assertThat(one.crossFitted()[side]).hasNumberOfRows(rows.base());
            for (int i = 0; i < rows.base(); i++) {
                for (int k = 0; k < cv[side][i].length; k++) {
                    assertThat(one.crossFitted()[side][i][k]).isCloseTo(cv[side][i][k], org.assertj.core.data.Offset.offset(1e-4));
                }
            }
        }
    }

    /**
     * In the dual form the cross-fitted outputs come from the kernel (and, unweighted, from the search's own solutions)
     * without forming each fold's weight: they are the outputs of that weight on the held-out images, with and without
     * class weights.
     */
    @Test
    void kernelCrossFittedOutputsAreTheFoldWeightsOutputs() {
        BackdoorTraining.Backdoored b = BackdoorTestData.backdoored("badnets");
        Normalized model = ModelCopies.copy(b.model());
        DefenseSamples samples = BackdoorTestData.fashion().samples(10);
        ReadingLayer fc1 = ReadingLayer.of(model, "fc1");
        UnlearningOptions o = UnlearningOptions.builder().augmentCopies(1).build();
        EditRows rows = EditRows.of(samples, b.trigger(), o, new SplittableRandom(1));
        LayerProblem p = new LayerProblem(model, fc1, rows);
        ActivationGuidedUnlearning.LayerEdit edit = p.chooseAndFit(o, new StageClock());
        double[][] clean = fc1.capture(model, rows.clean()).features(), triggered = fc1.capture(model, rows.triggered()).features();
        double[] classWeight = new double[rows.numClasses()];
        java.util.Arrays.fill(classWeight, 1);
        classWeight[0] = 4;
        int n = rows.base();
        for (double[] weights : new double[][]{null, classWeight}) {
            double[][] y = p.crossFittedOutputs(edit, weights);
            for (int f = 0; f < rows.folds(); f++) {
                double[][] w = p.foldWeight(f, edit, weights);
                for (int i = 0; i < n; i++) {
                    if (rows.fold()[i] != f) continue;
                    double[][] want = LayerProblem.outputs(w, fc1.bias(), new double[][]{clean[i], triggered[i]});
                    for (int k = 0; k < want[0].length; k++) {
                        assertThat(y[i][k]).isCloseTo(want[0][k], org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(want[0][k]))));
                        assertThat(y[n + i][k]).isCloseTo(want[1][k], org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(want[1][k]))));
                    }
                }
            }
        }
        // the kernels of the search grow by the added units (k nested); one built from scratch gives the same fold weights
        for (ActivationGuidedUnlearning.Candidate c : edit.candidates()) {
            var atK = new ActivationGuidedUnlearning.LayerEdit(fc1, edit.original(), edit.edited(), c.lambda(), c.units(), edit.editedUnits(),
                    edit.unitScores(), edit.candidates());
            double[][] nested = p.foldWeight(0, atK, null), fresh = new LayerProblem(model, fc1, rows).foldWeight(0, atK, null);
            for (int row = 0; row < nested.length; row++) {
                for (int j = 0; j < nested[row].length; j++) assertThat(nested[row][j]).isCloseTo(fresh[row][j], org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Test
    void twoTriggersPairEveryCleanRowWithEachTrigger() {
        BackdoorTraining.Backdoored b = BackdoorTestData.backdoored("badnets");
        DefenseSamples samples = BackdoorTestData.fashion().samples(10);
        var other = dev.mamori.methods.backdoor.triggers.BlendTrigger.randomNoise(1, 28, 28, 0.2, 3);
        UnlearningOptions o = UnlearningOptions.builder().augmentCopies(2).build();
        EditRows one = EditRows.of(samples, b.trigger(), o, new SplittableRandom(1));
        EditRows two = EditRows.of(samples, List.of(b.trigger(), other), o, new SplittableRandom(1));
        assertThat(two.base()).isEqualTo(30);
        assertThat(two.rows()).isEqualTo(2 * one.rows());
        assertThat(two.clean().equalsWithEps(one.clean(), 0)).isTrue();
        for (int r = 0; r < one.rows(); r++) {
            assertThat(two.labels()[r + one.rows()]).isEqualTo(one.labels()[r]);
            assertThat(two.fold()[r + one.rows()]).isEqualTo(one.fold()[r]);
        }
        INDArray second = two.triggered().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(30, 60));
        assertThat(second.equalsWithEps(other.apply(one.clean()), 1e-6)).isTrue();
        assertThat(java.util.Arrays.copyOf(two.baseLabels(), 10)).containsExactly(samples.labels());
        assertThat(two.baseLabels()).hasSize(30);
    }
}
