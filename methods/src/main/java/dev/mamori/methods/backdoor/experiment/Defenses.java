package dev.mamori.methods.backdoor.experiment;

import dev.mamori.methods.backdoor.Defense;
import dev.mamori.methods.backdoor.TrainingAdapter;
import dev.mamori.methods.backdoor.baselines.Anp;
import dev.mamori.methods.backdoor.baselines.FinePruning;
import dev.mamori.methods.backdoor.baselines.FineTuning;
import dev.mamori.methods.backdoor.baselines.Ibau;
import dev.mamori.methods.backdoor.baselines.Nad;
import dev.mamori.methods.backdoor.baselines.NeuralCleanseUnlearning;
import dev.mamori.methods.backdoor.unlearning.ActivationGuidedUnlearning;
import dev.mamori.methods.common.ExperimentSeeds;

/** The defenses of a config, built for one model (the layer-specific baselines take its layers) and one seed. */
final class Defenses {
    private Defenses() {}

    static Defense build(String name, BackdoorConfig c, ModelSpec m, long seed) {
        TrainingAdapter.Settings ft = TrainingAdapter.Settings.sgd(c.fineTuneEpochs, c.fineTuneLr, ExperimentSeeds.of(seed, "defense/" + name));
        return switch (name) {
            case "ours_known" -> new ActivationGuidedUnlearning(ActivationGuidedUnlearning.TriggerSource.KNOWN, c.unlearningOptions(m, ExperimentSeeds.of(seed, "ours")));
            case "ours_unknown" -> new ActivationGuidedUnlearning(ActivationGuidedUnlearning.TriggerSource.UNKNOWN, c.unlearningOptions(m, ExperimentSeeds.of(seed, "ours")));
            case "finetune" -> new FineTuning(ft, c.fineTuneBatchSize);
            case "fineprune" -> new FinePruning(m.finePruneLayer, c.finePruneMaxDrop, c.finePruneMaxFraction, ft, c.fineTuneBatchSize);
            case "nad" -> new Nad(m.nadLayers, c.nadBeta, 2, ft, c.nadStudentEpochs, c.fineTuneBatchSize);
            case "anp" -> new Anp(c.anpEps, c.anpAlpha, c.anpLr, c.anpIterations, c.anpThreshold, 128, ExperimentSeeds.of(seed, "defense/anp"));
            case "ibau" -> new Ibau(c.ibauRounds, c.ibauInnerSteps, c.ibauInnerLr, c.ibauRadius, c.ibauOuterSteps, c.ibauOuterLr, 128,
                    ExperimentSeeds.of(seed, "defense/ibau"));
            case "nc_unlearn" -> new NeuralCleanseUnlearning(c.neuralCleanseStampedShare, ft, c.fineTuneBatchSize);
            default -> throw new IllegalArgumentException("unknown defense '" + name + "'; known: " + BackdoorConfig.DEFENSES);
        };
    }
}
