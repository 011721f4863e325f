package dev.mamori.methods.backdoor.unlearning;

import dev.mamori.methods.backdoor.DefenseContext;
import dev.mamori.methods.backdoor.DefenseSamples;
import dev.mamori.methods.backdoor.triggers.PatchTrigger;
import dev.mamori.methods.testing.TestImages;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.Normalized;
import dev.mamori.nn.init.Init;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The method's misuses are clear errors: a layer that does not exist or cannot be edited, too few samples, samples of another domain. */
class UnlearningErrorsTest {

    private static Normalized model() {
        Init.seed(1);
        return new Normalized(ModelRegistry.create("simple_cnn", Map.of("width", 4, "hidden", 8)), new double[]{0.5}, new double[]{0.5});
    }

    private static DefenseSamples samples(int n, int channels, int size) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % 10;
        return new DefenseSamples(TestImages.eightBit(3, n, channels, size, size), labels, 10);
    }

    @Test
    void aLayerThatDoesNotExistOrIsNotLinearIsNamed() {
        Normalized m = model();
        var trigger = PatchTrigger.badNets(1, 28, 28, 3, 1, 0, 0);
        var bad = new ActivationGuidedUnlearning(ActivationGuidedUnlearning.TriggerSource.KNOWN, UnlearningOptions.builder().layers(List.of("fc9")).build());
        assertThatThrownBy(() -> bad.unlearn(m, samples(10, 1, 28), trigger)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no layer 'fc9'").hasMessageContaining("model.conv4").hasMessageContaining("model.fc2");
        var pool = new ActivationGuidedUnlearning(ActivationGuidedUnlearning.TriggerSource.KNOWN, UnlearningOptions.builder().layers(List.of("pool")).build());
        assertThatThrownBy(() -> pool.unlearn(m, samples(10, 1, 28), trigger)).hasMessageContaining("'pool' is a Pool2d")
                .hasMessageContaining("linear or convolutional");
        // a path without the Normalized wrapper's prefix is accepted
        assertThat(ReadingLayer.of(m, "fc2").path()).isEqualTo("model.fc2");
        assertThat(ReadingLayer.last(m).path()).isEqualTo("model.fc2");
    }

    @Test
    void tooFewSamplesAreRefused() {
        assertThatThrownBy(() -> samples(3, 1, 28)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too few defense samples: 3").hasMessageContaining("at least " + DefenseSamples.MINIMUM);
        INDArray x = TestImages.eightBit(3, 5, 1, 28, 28);
        assertThatThrownBy(() -> new DefenseSamples(x, new int[]{0, 1, 2, 3, 10}, 10)).hasMessageContaining("label 10");
        assertThatThrownBy(() -> new DefenseSamples(x, new int[]{0, 1, 2, 3}, 10)).hasMessageContaining("5 defense images but 4 labels");
    }

    @Test
    void samplesFromAnotherDomainAreRefused() {
        Normalized m = model();
        var ours = new ActivationGuidedUnlearning(ActivationGuidedUnlearning.TriggerSource.KNOWN, UnlearningOptions.defaults());
        var colour = samples(10, 3, 28);
        var trigger3 = PatchTrigger.badNets(3, 28, 28, 3, 1, 0, 0);
        assertThatThrownBy(() -> ours.unlearn(m, colour, trigger3)).hasMessageContaining("3 channels instead of 1").hasMessageContaining("another domain");
        var bigger = samples(10, 1, 32);
        assertThatThrownBy(() -> ours.defend(m, new DefenseContext(bigger, PatchTrigger.badNets(1, 32, 32, 3, 1, 0, 0), () -> null)))
                .hasMessageContaining("1x32x32").hasMessageContaining("1x28x28");
        int[] labels = new int[10];
        var fiveClasses = new DefenseSamples(TestImages.eightBit(3, 10, 1, 28, 28), labels, 5);
        assertThatThrownBy(() -> fiveClasses.checkFor(m)).hasMessageContaining("5 classes").hasMessageContaining("10");
        assertThatThrownBy(() -> new DefenseSamples(TestImages.eightBit(3, 10, 784), labels, 10)).hasMessageContaining("[n, C, H, W]");
    }

    @Test
    void theTriggerKnownSettingNeedsTheTrigger() {
        Normalized m = model();
        var ours = new ActivationGuidedUnlearning(ActivationGuidedUnlearning.TriggerSource.KNOWN, UnlearningOptions.defaults());
        assertThatThrownBy(() -> ours.defend(m, new DefenseContext(samples(10, 1, 28), null, () -> null))).hasMessageContaining("needs the trigger");
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> UnlearningOptions.builder().folds(1).build()).hasMessageContaining("folds");
        assertThatThrownBy(() -> UnlearningOptions.builder().lambdas(0).build()).hasMessageContaining("lambdas");
        assertThatThrownBy(() -> UnlearningOptions.builder().unitFractions(1.5).build()).hasMessageContaining("unitFractions");
        assertThatThrownBy(() -> UnlearningOptions.builder().repairWeights(1).build()).hasMessageContaining("repairWeights");
    }
}
