package dev.mamori.methods.attacks;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.models.Classifier;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Independent predictions for checking what attacks report. */
final class RobustnessCheck {
    private RobustnessCheck() {}

    static int[] predict(Classifier model, INDArray images) {
        boolean training = model.isTraining();
        model.eval();
        try (GradMode.Scope off = GradMode.noGrad()) {
            return model.call(Tensor.of(images)).value().argMax(1).toIntVector();
        } finally {
            model.setTraining(training);
        }
    }
}
