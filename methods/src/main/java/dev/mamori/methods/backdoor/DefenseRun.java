package dev.mamori.methods.backdoor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one defense run did.
 *
 * @param defense     the defense's name
 * @param seconds     wall-clock seconds of the defense itself (for the trigger-unknown setting including the trigger
 *                    reverse-engineering, see {@link DefenseContext#reconstruction()})
 * @param samplesUsed clean samples the defense used
 * @param details     settings it chose and numbers it measured on its samples (for the report)
 * @param stages      named states of the model to evaluate, in order, each applied by its action (ours: "edited" then
 *                    "repaired"); a baseline has one stage, "final", already applied
 */
public record DefenseRun(String defense, double seconds, int samplesUsed, Map<String, Object> details, Map<String, Runnable> stages) {

    public DefenseRun {
        Objects.requireNonNull(defense, "defense");
        details = new LinkedHashMap<>(details);
        stages = new LinkedHashMap<>(stages);
        if (stages.isEmpty()) throw new IllegalArgumentException("a defense run has at least one stage");
    }

    /** A run whose model is final as it is. */
    public static DefenseRun single(String defense, double seconds, int samplesUsed, Map<String, Object> details) {
        Map<String, Runnable> s = new LinkedHashMap<>();
        s.put(FINAL, () -> {});
        return new DefenseRun(defense, seconds, samplesUsed, details, s);
    }

    public static final String FINAL = "final";
}
