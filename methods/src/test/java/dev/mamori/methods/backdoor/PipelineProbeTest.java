package dev.mamori.methods.backdoor;

import dev.mamori.methods.backdoor.baselines.Anp;
import dev.mamori.methods.backdoor.baselines.FinePruning;
import dev.mamori.methods.backdoor.baselines.FineTuning;
import dev.mamori.methods.backdoor.baselines.Ibau;
import dev.mamori.methods.backdoor.baselines.Nad;
import dev.mamori.methods.backdoor.baselines.NeuralCleanseUnlearning;
import dev.mamori.methods.backdoor.experiment.BackdoorTraining;
import dev.mamori.methods.backdoor.experiment.DatasetSplits;
import dev.mamori.methods.backdoor.experiment.Scores;
import dev.mamori.methods.backdoor.poisoning.AttackedSet;
import dev.mamori.methods.backdoor.triggers.NeuralCleanse;
import dev.mamori.methods.backdoor.unlearning.ActivationGuidedUnlearning;
import dev.mamori.methods.backdoor.unlearning.UnlearningOptions;
import dev.mamori.models.Normalized;
import org.junit.jupiter.api.Test;

import java.util.List;

class PipelineProbeTest {
    @Test
    void probe() {
        for (String attack : List.of(System.getProperty("probe.attack", "badnets").split(","))) {
            DatasetSplits data = BackdoorTestData.fashion();
            boolean resnet = "resnet".equals(System.getProperty("probe.model"));
            BackdoorTraining.Backdoored b = BackdoorTestData.backdoored(attack, resnet ? dev.mamori.methods.backdoor.experiment.ModelSpec.resnet()
                    : dev.mamori.methods.backdoor.experiment.ModelSpec.cnn());
            AttackedSet attacked = AttackedSet.of(data.evalImages(), data.evalLabels(), data.numClasses(), b.trigger(), b.spec());
            Scores s0 = Scores.of(b.model(), data.evalImages(), data.evalLabels(), attacked);
            System.out.printf("%s backdoored: CA %.3f ASR %.3f RA %.3f train %.1fs%n", attack, s0.ca(), s0.asr(), s0.ra(), b.trainSeconds());
            int n = Integer.getInteger("probe.n", 50);
            DefenseSamples samples = data.samples(n);
            var settings = TrainingAdapter.Settings.sgd(20, 0.01, 0);
            List<Defense> all = List.of(
                    new ActivationGuidedUnlearning(ActivationGuidedUnlearning.TriggerSource.KNOWN, UnlearningOptions.defaults()),
                    new ActivationGuidedUnlearning(ActivationGuidedUnlearning.TriggerSource.KNOWN, UnlearningOptions.builder().layers(List.of(resnet ? "fc" : "fc1")).unitFractions(1).build()),
                    new ActivationGuidedUnlearning(ActivationGuidedUnlearning.TriggerSource.KNOWN, UnlearningOptions.builder().layers(List.of(resnet ? "fc" : "fc1")).unitFractions(0.25, 1).build()),
                    new ActivationGuidedUnlearning(ActivationGuidedUnlearning.TriggerSource.KNOWN, UnlearningOptions.builder().layers(resnet ? List.of("fc") : List.of("fc1", "fc2")).unitFractions(1).build()),
                    new ActivationGuidedUnlearning(ActivationGuidedUnlearning.TriggerSource.UNKNOWN, UnlearningOptions.builder().layers(List.of(resnet ? "fc" : "fc1")).unitFractions(1).build()),
                    new FineTuning(settings, 32),
                    new FinePruning(resnet ? "layer4" : "conv4", 0.05, 0.8, settings, 32),
                    new Nad(resnet ? List.of("layer2", "layer3", "layer4") : List.of("conv2", "conv4"), 5000, 2, settings, 20, 32),
                    new Anp(0.4, 0.2, 0.2, 200, 0.2, 64, 0),
                    new Ibau(10, 5, 0.1, 0.1, 2, 1e-3, 64, 0),
                    new NeuralCleanseUnlearning(0.2, settings, 32));
            List<Defense> defenses = all.stream().filter(d -> System.getProperty("probe.only", "").isEmpty()
                    || all.indexOf(d) < Integer.getInteger("probe.only", 99)).toList();
            DefenseContext ctx = new DefenseContext(samples, b.trigger(), () -> NeuralCleanse.builder().steps(Integer.getInteger("probe.ncsteps", 100)).build().run(b.model(), samples.images()));
            for (Defense d : defenses) {
                Normalized copy = ModelCopies.copy(b.model());
                DefenseRun r = d.defend(copy, ctx);
                for (var st : r.stages().entrySet()) {
                    st.getValue().run();
                    Scores s = Scores.of(copy, data.evalImages(), data.evalLabels(), attacked);
                    System.out.printf("  %-14s %-8s CA %.3f ASR %.3f RA %.3f  %.2fs  target-class %.3f->%.3f  %s%n", d.name(), st.getKey(), s.ca(), s.asr(),
                            s.ra(), r.seconds(), s0.classAccuracy(0), s.classAccuracy(0), r.details());
                }
            }
        }
    }
}
