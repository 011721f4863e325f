package dev.mamori.nn.train;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.losses.Loss;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Iterator;

/** Loss and accuracy of a classifier over a batch source, in eval mode without a tape. */
public final class Evaluation {
    private Evaluation() {}

    public record Result(double loss, double accuracy, long correct, long total) {}

    public static Result run(Module model, BatchSource<TrainBatch> data, Loss loss) {
        boolean wasTraining = model.isTraining();
        model.eval();
        double lossSum = 0;
        long correct = 0, total = 0;
        try {
            for (Iterator<TrainBatch> it = data.epoch(0, 0); it.hasNext(); ) {
                TrainBatch b = it.next();
                try (MemoryScope ignored = MemoryScope.open("eval"); GradMode.Scope off = GradMode.noGrad()) {
                    Tensor logits = model.call(Tensor.of(b.inputs()));
                    lossSum += loss.compute(logits, b.labels()).item() * b.size();
                    correct += countCorrect(logits.value(), b.labels());
                    total += b.size();
                }
            }
        } finally {
            model.setTraining(wasTraining);
            MemoryScope.release("eval");
        }
        if (total == 0) throw new IllegalArgumentException("evaluation data is empty");
        return new Result(lossSum / total, (double) correct / total, correct, total);
    }

    /** Number of rows of logits [N, C] whose argmax equals the label. */
    public static long countCorrect(INDArray logits, int[] labels) {
        int[] pred = logits.argMax(1).toIntVector();
        long c = 0;
        for (int i = 0; i < labels.length; i++) if (pred[i] == labels[i]) c++;
        return c;
    }
}
