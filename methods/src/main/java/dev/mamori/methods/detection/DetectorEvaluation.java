package dev.mamori.methods.detection;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.data.Box;
import dev.mamori.data.Category;
import dev.mamori.data.DetectionBatch;
import dev.mamori.eval.detection.CocoEvaluation;
import dev.mamori.eval.detection.CocoSummary;
import dev.mamori.eval.detection.Detection;
import dev.mamori.models.detection.CenterNet;
import dev.mamori.models.detection.PeakDecoder;
import dev.mamori.nn.Module;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a detector over held-in-memory images (eval mode, no tape), decodes the peaks into boxes and evaluates them
 * COCO-style against the images' objects.
 */
public final class DetectorEvaluation {
    private DetectorEvaluation() {}

    /** The detections and their COCO evaluation. */
    public record Result(List<Detection> detections, CocoEvaluation evaluation) {
        public CocoSummary summary() {
            return evaluation.summary();
        }
    }

    /**
     * Evaluates {@code forward} (the maps of images, e.g. {@code model::maps}) on every image of {@code data}, with
     * {@code model} put in eval mode for the run (its mode restored after).
     */
    public static Result run(Module model, Function<Tensor, CenterNet.Maps> forward, DetectionData data, PeakDecoder decoder, int batchSize) {
        List<Category> categories = data.categories();
        List<Detection> detections = new ArrayList<>();
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            for (Iterator<DetectionBatch> it = data.batches(batchSize, false).epoch(0, 0); it.hasNext(); ) {
                DetectionBatch b = it.next();
                try (MemoryScope ignored = MemoryScope.open("detector-eval"); GradMode.Scope off = GradMode.noGrad()) {
                    List<List<PeakDecoder.Peak>> peaks = decoder.decode(forward.apply(Tensor.of(b.images())));
                    for (int i = 0; i < peaks.size(); i++) {
                        for (PeakDecoder.Peak p : peaks.get(i)) {
                            detections.add(new Detection(b.imageIds()[i], categories.get(p.classIndex()).id(),
                                    Box.fromCorners(p.x1(), p.y1(), p.x2(), p.y2()), p.score()));
                        }
                    }
                }
            }
        } finally {
            model.setTraining(wasTraining);
            MemoryScope.release("detector-eval");
        }
        return new Result(detections, CocoEvaluation.evaluate(data.groundTruth(), detections));
    }
}
