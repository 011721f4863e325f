package dev.mamori.methods.spurious;

import dev.mamori.autograd.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The spurious-feature similarity loss of MaungMaung et al. (ICIP 2024), our reconstruction: for each decoded
 * x0-prediction, 1 - cos(f(x0_hat), mu), where f are the robust classifier's pooled (penultimate) features and mu is
 * the mean of the references' features; averaged over the rows it is applied to. The gradient flows through f (frozen)
 * and the VAE decoder (frozen) into whatever produced the images, here the UNet's noise prediction.
 */
public final class SpuriousSimilarityLoss {
    private final RobustFeatures features;
    private final Tensor prototype;
    private final double prototypeNorm;

    /** {@code references} [R, 3, H, W] in [0, 1]: their mean feature vector is the target. */
    public SpuriousSimilarityLoss(RobustFeatures features, INDArray references) {
        this.features = features;
        INDArray mu = features.prototype(references);                         // [1, D]
        this.prototype = Tensor.of(mu);
        this.prototypeNorm = mu.norm2Number().doubleValue() + 1e-8;
    }

    /** Per-row 1 - cosine [B] of images [B, 3, H, W] in [0, 1] (on the tape). */
    public Tensor perRow(Tensor images) {
        Tensor f = features.of(images);                                       // [B, D]
        Tensor dot = f.mul(prototype).sum(false, 1);                          // [B]
        Tensor norm = f.square().sum(false, 1).add(1e-8).sqrt();              // [B]
        return dot.div(norm.mul(prototypeNorm)).neg().add(1.0);
    }

    public RobustFeatures features() {
        return features;
    }
}
