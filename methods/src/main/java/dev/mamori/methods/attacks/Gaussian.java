package dev.mamori.methods.attacks;

import java.util.SplittableRandom;

/** Standard normal draws from a SplittableRandom (Box-Muller; one value per call, reproducible). */
final class Gaussian {
    private Gaussian() {}

    static double next(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        while (u1 <= 1e-300) u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
