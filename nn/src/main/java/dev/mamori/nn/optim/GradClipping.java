package dev.mamori.nn.optim;

import dev.mamori.autograd.Tensor;

import java.util.Collection;

/** Gradient clipping by global L2 norm (PyTorch clip_grad_norm_). */
public final class GradClipping {
    private GradClipping() {}

    /** Scales all gradients so that their joint L2 norm is at most maxNorm; returns the norm before clipping. */
    public static double clipByNorm(Collection<Tensor> params, double maxNorm) {
        double norm = globalNorm(params);
        double scale = maxNorm / (norm + 1e-6);
        if (scale < 1) {
            for (Tensor p : params) if (p.grad() != null) p.grad().muli(scale);
        }
        return norm;
    }

    /** The joint L2 norm of the gradients (parameters without a gradient count as zero); NaN or infinite if any is. */
    public static double globalNorm(Collection<Tensor> params) {
        double sq = 0;
        for (Tensor p : params) {
            if (p.grad() != null) {
                double n = p.grad().norm2Number().doubleValue();
                sq += n * n;
            }
        }
        return Math.sqrt(sq);
    }
}
