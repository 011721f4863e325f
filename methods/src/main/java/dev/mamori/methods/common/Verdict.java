package dev.mamori.methods.common;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The verdict on a claim, decided from measured cases by a stated rule ({@link Claim}). {@link #NOT_MEASURED} is a
 * verdict of its own: a claim without a measured case never passes.
 */
public enum Verdict {
    /** Every case passes the rule. */
    HOLDS("holds"),
    /** Some cases pass, some do not. */
    PARTLY("partly"),
    /** No case passes. */
    DOES_NOT_HOLD("does not hold"),
    /** There was no case to decide on (not configured, not run, nothing comparable). */
    NOT_MEASURED("not measured");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /**
     * From {@code passing} of {@code cases}: not measured without cases, holds when all pass, does not hold when none
     * does, partly otherwise.
     */
    public static Verdict of(int passing, int cases) {
        if (passing < 0 || passing > cases) throw new IllegalArgumentException(passing + " passing of " + cases + " cases");
        if (cases == 0) return NOT_MEASURED;
        if (passing == cases) return HOLDS;
        if (passing == 0) return DOES_NOT_HOLD;
        return PARTLY;
    }

    /** How reports write it ("holds", "partly", "does not hold", "not measured"). */
    @JsonValue
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
