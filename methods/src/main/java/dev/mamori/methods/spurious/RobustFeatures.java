package dev.mamori.methods.spurious;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.models.Normalized;
import dev.mamori.models.PatchEmbeddedModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * The penultimate features of the adversarially trained classifier (the pooled features its head reads), with a tape
 * when asked: the similarity loss differentiates them with respect to the image. The classifier is frozen (its
 * parameters take no gradient) and in evaluation mode. Adversarially robust features are the paper's choice because
 * their gradients are perceptually aligned (Santurkar et al. 2019), so following them changes what an image shows
 * rather than adding imperceptible noise.
 */
public final class RobustFeatures {
    private final Normalized classifier;
    private final PatchEmbeddedModel features;
    private final Tensor mean, invStd;

    public RobustFeatures(Normalized classifier) {
        if (!(classifier.model instanceof PatchEmbeddedModel pm)) {
            throw new IllegalArgumentException("the robust classifier must be patch-embedded (ConvMixer or ViT) to give pooled features; got "
                    + classifier.model.getClass().getSimpleName());
        }
        this.classifier = classifier;
        this.features = pm;
        classifier.eval();
        classifier.parameters().forEach(p -> p.requiresGrad(false));
        double[] m = classifier.mean(), s = classifier.std();
        double[] inv = new double[s.length];
        for (int i = 0; i < s.length; i++) inv[i] = 1 / s[i];
        this.mean = Tensor.of(Nd4j.createFromArray(m).castTo(DataType.FLOAT).reshape(1, m.length, 1, 1));
        this.invStd = Tensor.of(Nd4j.createFromArray(inv).castTo(DataType.FLOAT).reshape(1, inv.length, 1, 1));
    }

    /** Pooled features [B, D] of images [B, 3, H, W] in [0, 1], on the tape (differentiable in the images). */
    public Tensor of(Tensor images) {
        return features.featuresFromEmbedding(features.patchEmbedding().call(images.sub(mean).mul(invStd)));
    }

    /** Pooled features [N, D] without a tape, in batches. */
    public INDArray of(INDArray images) {
        List<INDArray> out = new ArrayList<>();
        try {
            for (long s = 0; s < images.size(0); s += 256) {
                INDArray x = images.get(NDArrayIndex.interval(s, Math.min(images.size(0), s + 256)));
                try (MemoryScope ignored = MemoryScope.open("robust-features"); GradMode.Scope off = GradMode.noGrad()) {
                    out.add(MemoryScope.keep(of(Tensor.of(x)).value()));
                }
            }
        } finally {
            MemoryScope.release("robust-features");
        }
        return Nd4j.concat(0, out.toArray(INDArray[]::new));
    }

    /** The mean feature vector [1, D] of images (the references' prototype). */
    public INDArray prototype(INDArray images) {
        return of(images).mean(true, 0);
    }

    /** Cosine of each image's features with the prototype [1, D], without a tape. */
    public double[] cosine(INDArray images, INDArray prototype) {
        INDArray f = of(images);
        INDArray dot = f.mmul(prototype.transpose());                         // [N, 1]
        INDArray norms = f.norm2(1).reshape(f.size(0), 1).muli(prototype.norm2Number().doubleValue() + 1e-12);
        return dot.divi(norms.addi(1e-12)).data().asDouble();
    }

    public Normalized classifier() {
        return classifier;
    }
}
