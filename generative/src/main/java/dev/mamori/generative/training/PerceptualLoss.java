package dev.mamori.generative.training;

import dev.mamori.autograd.Tensor;

import java.util.List;
import java.util.function.Function;

/**
 * A perceptual distance in the manner of LPIPS (Zhang et al. 2018, "The Unreasonable Effectiveness of Deep Features
 * as a Perceptual Metric", arXiv 1801.03924, eq. 1, without the learned per-channel weights: their "baseline"
 * variant): the features of both images at several layers of a frozen network, each feature vector scaled to unit L2
 * norm, the squared differences summed over features, averaged over positions, averaged over layers. LPIPS uses an
 * ImageNet network; no pretrained weights exist here, so the features come from a network trained here (our CLIP
 * image tower in the default training), which makes the number ours, not comparable with published LPIPS.
 */
public final class PerceptualLoss {
    private final Function<Tensor, List<Tensor>> features;

    /** {@code features}: images [B, C, H, W] in [-1, 1] -> layer activations, each [B, N, D] (tokens) or [B, D, H, W]. */
    public PerceptualLoss(Function<Tensor, List<Tensor>> features) {
        this.features = features;
    }

    /** The mean distance between {@code a} and {@code b} over the batch (a scalar tensor; gradients reach both). */
    public Tensor distance(Tensor a, Tensor b) {
        List<Tensor> fa = features.apply(a), fb = features.apply(b);
        if (fa.size() != fb.size() || fa.isEmpty()) throw new IllegalStateException("feature network gave " + fa.size() + " and " + fb.size() + " layers");
        Tensor total = null;
        for (int i = 0; i < fa.size(); i++) {
            int axis = fa.get(i).dim() == 4 ? 1 : fa.get(i).dim() - 1;
            Tensor d = unit(fa.get(i), axis).sub(unit(fb.get(i), axis)).square().sum(false, axis).mean();
            total = total == null ? d : total.add(d);
        }
        return total.div(fa.size());
    }

    private static Tensor unit(Tensor f, int axis) {
        return f.div(f.square().sum(true, axis).add(1e-10).sqrt());
    }
}
