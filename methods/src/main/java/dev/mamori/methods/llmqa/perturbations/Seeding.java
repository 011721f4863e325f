package dev.mamori.methods.llmqa.perturbations;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Per-text random streams: an attack on a review is the same whatever else runs, and in whatever order. */
final class Seeding {
    /** Candidates drawn per word. */
    static final int CANDIDATES = 8;

    private Seeding() {}

    static SplittableRandom forText(long seed, String text) {
        long h = 1125899906842597L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) h = 31 * h + b;
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ h);
    }
}
