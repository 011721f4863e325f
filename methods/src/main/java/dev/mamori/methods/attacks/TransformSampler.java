package dev.mamori.methods.attacks;

import dev.mamori.autograd.Tensor;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * A distribution of differentiable input transforms for {@link Eot}: random augmentations, or the transforms of a set
 * of secret keys (e.g. {@code key -> BlockTransform.forKey(key)::applyTensor}). Draws use the attack's seeded random
 * source, so EOT attacks stay reproducible.
 */
@FunctionalInterface
public interface TransformSampler {

    /** One transform drawn from the distribution. */
    UnaryOperator<Tensor> sample(SplittableRandom random);

    /** Always the identity: EOT over a model's own randomness (a randomized defense). */
    static TransformSampler identity() {
        return random -> UnaryOperator.identity();
    }

    /** One of the given transforms, uniformly at random. */
    static TransformSampler uniform(List<? extends UnaryOperator<Tensor>> transforms) {
        if (transforms.isEmpty()) throw new IllegalArgumentException("EOT needs at least one transform");
        List<UnaryOperator<Tensor>> copy = List.copyOf(transforms);
        return random -> copy.get(random.nextInt(copy.size()));
    }

    /** The given transforms in turn (with as many EOT samples as transforms: exactly the average over all of them). */
    static TransformSampler cycle(List<? extends UnaryOperator<Tensor>> transforms) {
        if (transforms.isEmpty()) throw new IllegalArgumentException("EOT needs at least one transform");
        List<UnaryOperator<Tensor>> copy = List.copyOf(transforms);
        int[] next = {0};
        return random -> {
            synchronized (next) {
                UnaryOperator<Tensor> t = copy.get(next[0]);
                next[0] = (next[0] + 1) % copy.size();
                return t;
            }
        };
    }
}
