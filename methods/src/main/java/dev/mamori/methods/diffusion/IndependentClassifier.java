package dev.mamori.methods.diffusion;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.methods.classification.SavedClassifier;
import dev.mamori.models.PatchEmbeddedModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * The judge of generated images: a classifier trained separately on the dataset's real images (never the CLIP pair
 * that conditions the generator, and never seen by the generator's training), used for two measurements: the category
 * it assigns to a generated image (prompt faithfulness), and its pooled features before the head (our FID-style
 * feature network; not Inception, so the distances are comparable only with each other).
 */
public final class IndependentClassifier {
    private final SavedClassifier.Loaded loaded;
    private final PatchEmbeddedModel features;

    public IndependentClassifier(SavedClassifier.Loaded loaded) {
        this.loaded = loaded;
        if (!(loaded.model().model instanceof PatchEmbeddedModel pm)) {
            throw new IllegalArgumentException("the judge classifier must be a patch-embedded model (ConvMixer or ViT) to give features; got "
                    + loaded.info().architecture());
        }
        this.features = pm;
        loaded.model().eval();
    }

    public SavedClassifier.Info info() {
        return loaded.info();
    }

    /** Predicted classes of images [N, 3, H, W] in [0, 1]. */
    public int[] predict(INDArray images) {
        List<int[]> out = new ArrayList<>();
        forBatches(images, x -> out.add(loaded.model().call(Tensor.of(x)).value().argMax(1).toIntVector()));
        return out.stream().flatMapToInt(java.util.Arrays::stream).toArray();
    }

    /** Pooled features [N, D] of images in [0, 1] (the head's input). */
    public INDArray features(INDArray images) {
        List<INDArray> out = new ArrayList<>();
        double[] mean = loaded.model().mean(), std = loaded.model().std();
        forBatches(images, x -> {
            INDArray n = x.dup();
            for (int c = 0; c < mean.length; c++) {
                n.get(NDArrayIndex.all(), NDArrayIndex.point(c), NDArrayIndex.all(), NDArrayIndex.all()).subi(mean[c]).divi(std[c]);
            }
            Tensor f = features.featuresFromEmbedding(features.patchEmbedding().call(Tensor.of(n)));
            out.add(MemoryScope.keep(f.value()));
        });
        return Nd4j.concat(0, out.toArray(INDArray[]::new));
    }

    private static void forBatches(INDArray images, java.util.function.Consumer<INDArray> body) {
        try {
            for (long s = 0; s < images.size(0); s += 256) {
                INDArray x = images.get(NDArrayIndex.interval(s, Math.min(images.size(0), s + 256)));
                try (MemoryScope ignored = MemoryScope.open("judge"); GradMode.Scope off = GradMode.noGrad()) {
                    body.accept(x);
                }
            }
        } finally {
            MemoryScope.release("judge");
        }
    }
}
