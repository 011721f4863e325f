package dev.mamori.data;

import java.util.random.RandomGenerator;

/**
 * Turns an example into another (augmentation, preprocessing). All randomness must come from {@code rng}: the
 * {@link DataLoader} seeds it from (seed, epoch, example index), which makes every epoch reproducible.
 */
@FunctionalInterface
public interface ExampleTransform<E> {
    E apply(E example, RandomGenerator rng);
}
