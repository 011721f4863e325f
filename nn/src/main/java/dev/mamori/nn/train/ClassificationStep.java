package dev.mamori.nn.train;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.losses.Loss;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Supervised classification as a {@link TrainingStep}: forward, loss, backward, one optimizer step; reports the batch's
 * mean {@code loss} and its correct predictions as {@code accuracy}. Its {@link #evaluator} measures
 * {@code val_loss} and {@code val_accuracy} (NaN without validation data).
 */
public final class ClassificationStep implements TrainingStep<TrainBatch> {
    /** The name of the module and of the optimizer in {@link Trainer#classifier}. */
    public static final String NAME = "model";

    private final Module model;
    private final Loss loss;
    private final String optimizer;

    public ClassificationStep(Module model, Loss loss) {
        this(model, loss, NAME);
    }

    public ClassificationStep(Module model, Loss loss, String optimizer) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
    }

    @Override
    public StepResult run(TrainBatch b, StepContext context) {
        context.zeroGrad(optimizer);
        Tensor logits = model.call(Tensor.of(b.inputs())); // [B, classes]
        Tensor l = loss.compute(logits, b.labels());
        l.backward();
        context.step(optimizer);
        return StepResult.of(b.size()).mean("loss", l.item()).hits("accuracy", Evaluation.countCorrect(logits.value(), b.labels()));
    }

    /** Validation loss and accuracy of {@code model} (in eval mode, without a tape). */
    public static Evaluator<TrainBatch> evaluator(Module model, Loss loss) {
        return validation -> {
            Map<String, Double> out = new LinkedHashMap<>();
            Evaluation.Result r = validation == null ? null : Evaluation.run(model, validation, loss);
            out.put("val_loss", r == null ? Double.NaN : r.loss());
            out.put("val_accuracy", r == null ? Double.NaN : r.accuracy());
            return out;
        };
    }
}
