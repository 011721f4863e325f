package dev.mamori.methods.detection;

import dev.mamori.autograd.Tensor;
import dev.mamori.data.Box;
import dev.mamori.data.BoxAnnotation;
import dev.mamori.data.Category;
import dev.mamori.data.DetectionBatch;
import dev.mamori.models.detection.CenterNet;
import dev.mamori.models.detection.CenterNetTargets;
import dev.mamori.nn.detection.CenterNetLosses;
import dev.mamori.nn.train.StepContext;
import dev.mamori.nn.train.StepResult;
import dev.mamori.nn.train.TrainingStep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * CenterNet training as a {@link TrainingStep} over detection batches: each image's objects (crowd regions left out)
 * become CenterNet targets, the forward gives the three head maps, and the loss is focal(heatmap) +
 * {@code sizeWeight} L1(size) + {@code offsetWeight} L1(offset) (CenterNet's ctdet defaults 0.1 and 1). Reports
 * {@code loss} and its parts {@code heatmap_loss}, {@code size_loss}, {@code offset_loss}.
 *
 * <p>The forward is a function, not a module, so that what runs between the images and the heads is the caller's: a
 * plain detector ({@code model::maps}), one with a keyed feature transform ({@code x -> model.maps(x, tap)}), or one
 * that transforms the input images first.
 */
public final class DetectionStep implements TrainingStep<DetectionBatch> {
    /** The module and optimizer name used by {@link DetectorTraining}. */
    public static final String NAME = "detector";

    private final Function<Tensor, CenterNet.Maps> forward;
    private final CenterNetTargets targets;
    private final Map<Integer, Integer> classOf = new HashMap<>();
    private final double sizeWeight;
    private final double offsetWeight;
    private final String optimizer;

    public DetectionStep(Function<Tensor, CenterNet.Maps> forward, CenterNetTargets targets, List<Category> categories,
                         double sizeWeight, double offsetWeight, String optimizer) {
        this.forward = forward;
        this.targets = targets;
        if (categories.size() != targets.numClasses()) {
            throw new IllegalArgumentException(categories.size() + " categories but the detector has " + targets.numClasses() + " classes");
        }
        for (int k = 0; k < categories.size(); k++) classOf.put(categories.get(k).id(), k);
        this.sizeWeight = sizeWeight;
        this.offsetWeight = offsetWeight;
        this.optimizer = optimizer;
    }

    public DetectionStep(Function<Tensor, CenterNet.Maps> forward, CenterNetTargets targets, List<Category> categories) {
        this(forward, targets, categories, 0.1, 1.0, NAME);
    }

    @Override
    public StepResult run(DetectionBatch batch, StepContext context) {
        context.zeroGrad(optimizer);
        CenterNetTargets.Batch t = targets.encode(targetsOf(batch.objects()));
        CenterNet.Maps maps = forward.apply(Tensor.of(batch.images()));
        Tensor heatmap = CenterNetLosses.focal(maps.heatmap(), t.heatmap());
        Tensor size = CenterNetLosses.regL1(maps.size(), t.index(), t.mask(), t.size());
        Tensor offset = CenterNetLosses.regL1(maps.offset(), t.index(), t.mask(), t.offset());
        Tensor loss = heatmap.add(size.mul(sizeWeight)).add(offset.mul(offsetWeight));
        loss.backward();
        context.step(optimizer);
        return StepResult.of(batch.size()).mean("loss", loss.item()).mean("heatmap_loss", heatmap.item()).mean("size_loss", size.item())
                .mean("offset_loss", offset.item());
    }

    /** Each image's non-crowd objects as (corners, class index). */
    List<List<CenterNetTargets.Target>> targetsOf(List<List<BoxAnnotation>> images) {
        List<List<CenterNetTargets.Target>> out = new ArrayList<>(images.size());
        for (List<BoxAnnotation> objects : images) {
            List<CenterNetTargets.Target> ts = new ArrayList<>(objects.size());
            for (BoxAnnotation a : objects) {
                if (a.crowd()) continue;
                Integer k = classOf.get(a.category());
                if (k == null) throw new IllegalArgumentException("object of category " + a.category() + ", which is not one of " + classOf.keySet());
                Box b = a.box();
                ts.add(new CenterNetTargets.Target(b.x(), b.y(), b.x2(), b.y2(), k));
            }
            out.add(ts);
        }
        return out;
    }
}
