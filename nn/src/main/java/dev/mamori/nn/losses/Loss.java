package dev.mamori.nn.losses;

import dev.mamori.autograd.Tensor;

/** A loss between a model output and integer labels (the usual classification case). */
@FunctionalInterface
public interface Loss {
    Tensor compute(Tensor output, int[] labels);
}
