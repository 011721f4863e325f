package dev.mamori.generative.schedulers;

import dev.mamori.autograd.Tensor;

/**
 * Classifier-free guidance (Ho & Salimans 2022, arXiv 2207.12598, eq. 6 with s = 1 + w): the guided prediction
 * eps_uncond + s (eps_cond - eps_uncond) from one conditional and one unconditional run of the same network. s = 1 is
 * the conditional prediction alone; Stable Diffusion samples with s = 7.5.
 */
public final class ClassifierFreeGuidance {
    private ClassifierFreeGuidance() {}

    /** eps_uncond + scale (eps_cond - eps_uncond). */
    public static Tensor combine(Tensor unconditional, Tensor conditional, double scale) {
        return unconditional.add(conditional.sub(unconditional).mul(scale));
    }

    /**
     * The same for one batched run [2B, ...] whose first B rows are unconditional and last B conditional (the order
     * diffusers' pipelines concatenate the prompt embeddings in).
     */
    public static Tensor combineHalves(Tensor batched, double scale) {
        long rows = batched.size(0);
        if (rows % 2 != 0) throw new IllegalArgumentException("classifier-free guidance needs an even batch [uncond; cond], got " + rows + " rows");
        return combine(batched.slice(0, 0, rows / 2), batched.slice(0, rows / 2, rows), scale);
    }
}
