package dev.mamori.methods.common.judge;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.methods.classification.SavedClassifier;
import dev.mamori.models.ConvMixer;
import dev.mamori.models.PatchEmbeddedModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The judge of generated or reconstructed images: a classifier trained separately on the dataset's real images (never
 * a network of the generator or attack it judges), used for three measurements: the category it assigns to an image
 * (prompt faithfulness, class agreement of reconstructions), its pooled features before the head (our FID-style
 * feature network with {@link dev.mamori.eval.metrics.FrechetDistance}; not Inception, so distances are comparable
 * only with each other), and, for a ConvMixer judge, its per-layer feature maps ({@link PerceptualDistance}).
 */
public final class IndependentClassifier {
    private static final int BATCH = 256;

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

    /** Predicted classes of images [N, C, H, W] in [0, 1]. */
    public int[] predict(INDArray images) {
        List<int[]> out = new ArrayList<>();
        forBatches(images, x -> out.add(loaded.model().call(Tensor.of(x)).value().argMax(1).toIntVector()));
        return out.stream().flatMapToInt(Arrays::stream).toArray();
    }

    /** Pooled features [N, D] of images in [0, 1] (the head's input). */
    public INDArray features(INDArray images) {
        List<INDArray> out = new ArrayList<>();
        forBatches(images, x -> {
            Tensor f = features.featuresFromEmbedding(features.patchEmbedding().call(Tensor.of(normalize(x))));
            out.add(MemoryScope.keep(f.value()));
        });
        return Nd4j.concat(0, out.toArray(INDArray[]::new));
    }

    /** Whether {@link #featureMaps} is available (a ConvMixer judge: its stem and every block keep a spatial map). */
    public boolean hasFeatureMaps() {
        return features instanceof ConvMixer;
    }

    /**
     * The feature maps of one batch of images in [0, 1], shallow to deep: the ConvMixer's stem output and each block's
     * output, each [B, dim, H/P, W/P]. Arrays live in the caller's memory scope (call inside one, or keep them).
     *
     * @throws IllegalStateException for a judge that is not a ConvMixer (a ViT's tokens have no layer-wise spatial maps
     *                               of the kind an LPIPS-style distance compares)
     */
    public List<INDArray> featureMaps(INDArray images) {
        if (!(features instanceof ConvMixer cm)) {
            throw new IllegalStateException("per-layer feature maps need a ConvMixer judge; this one is " + loaded.info().architecture());
        }
        try (GradMode.Scope off = GradMode.noGrad()) {
            List<INDArray> maps = new ArrayList<>();
            Tensor x = cm.stem.call(Tensor.of(normalize(images)));
            maps.add(x.value());
            for (int i = 0; i < cm.blocks.size(); i++) {
                x = cm.blocks.get(i).call(x);
                maps.add(x.value());
            }
            return maps;
        }
    }

    private INDArray normalize(INDArray x) {
        double[] mean = loaded.model().mean(), std = loaded.model().std();
        if (x.rank() != 4 || x.size(1) != mean.length) {
            throw new IllegalArgumentException("the judge takes images [N, " + mean.length + ", H, W]; got " + Arrays.toString(x.shape()));
        }
        INDArray n = x.dup();
        for (int c = 0; c < mean.length; c++) {
            n.get(NDArrayIndex.all(), NDArrayIndex.point(c), NDArrayIndex.all(), NDArrayIndex.all()).subi(mean[c]).divi(std[c]);
        }
        return n;
    }

    static void forBatches(INDArray images, Consumer<INDArray> body) {
        try {
            for (long s = 0; s < images.size(0); s += BATCH) {
                INDArray x = images.get(NDArrayIndex.interval(s, Math.min(images.size(0), s + BATCH)));
                try (MemoryScope ignored = MemoryScope.open("judge"); GradMode.Scope off = GradMode.noGrad()) {
                    body.accept(x);
                }
            }
        } finally {
            MemoryScope.release("judge");
        }
    }
}
