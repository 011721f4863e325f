package dev.mamori.methods.backdoor.unlearning;

import java.util.LinkedHashMap;
import java.util.Map;

/** Wall-clock seconds per named stage of the edit, summed when a stage repeats (one per edited layer): the profile in a run's details. */
final class StageClock {
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private long last = System.nanoTime();

    /** Charges the time since the previous lap (or since creation) to {@code stage}. */
    void lap(String stage) {
        long now = System.nanoTime();
        seconds.merge(stage, (now - last) / 1e9, Double::sum);
        last = now;
    }

    Map<String, Double> seconds() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
    }
}
