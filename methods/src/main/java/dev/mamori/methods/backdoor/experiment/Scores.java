package dev.mamori.methods.backdoor.experiment;

import dev.mamori.eval.metrics.Accuracy;
import dev.mamori.eval.metrics.AttackSuccessRate;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.eval.metrics.RobustAccuracy;
import dev.mamori.methods.common.Predictions;
import dev.mamori.methods.backdoor.poisoning.AttackedSet;
import dev.mamori.models.Classifier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a model does on the evaluation images.
 *
 * @param cleanAccuracy  clean evaluation images classified right
 * @param attackSuccess  triggered non-target images classified as the attacker's target (ASR)
 * @param robustAccuracy triggered non-target images classified as their true class (BackdoorBench's RA)
 * @param perClass       clean accuracy per class
 */
public record Scores(Proportion cleanAccuracy, Proportion attackSuccess, Proportion robustAccuracy, Proportion[] perClass) {

    public static Scores of(Classifier model, INDArray evalImages, int[] evalLabels, AttackedSet attacked) {
        int[] clean = Predictions.of(model, evalImages);
        int[] triggered = Predictions.of(model, attacked.triggered());
        return new Scores(Accuracy.of(clean, evalLabels), AttackSuccessRate.targeted(triggered, attacked.targets()),
                RobustAccuracy.adversarialOnly(triggered, attacked.trueLabels()), Accuracy.perClass(clean, evalLabels, model.numClasses()));
    }

    public double ca() {
        return cleanAccuracy.value();
    }

    public double asr() {
        return attackSuccess.value();
    }

    public double ra() {
        return robustAccuracy.value();
    }

    public double classAccuracy(int c) {
        return perClass[c].value();
    }
}
