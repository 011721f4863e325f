package dev.mamori.methods.common;

import java.util.Objects;

/**
 * A claim (of a paper, of docs/METHODS.md, or our own caveat) checked against measured numbers.
 *
 * @param statement what is claimed, and by whom
 * @param verdict   what the numbers say
 * @param rule      how the verdict was decided from the numbers (stated before looking at them)
 * @param evidence  the measured numbers behind it, with their budgets
 */
public record Claim(String statement, Verdict verdict, String rule, String evidence) {

    public Claim {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(evidence, "evidence");
    }

    /** The claim whose verdict follows from {@code passing} of {@code cases} ({@link Verdict#of}). */
    public static Claim decide(String statement, int passing, int cases, String rule, String evidence) {
        return new Claim(statement, Verdict.of(passing, cases), rule, evidence);
    }

    /** A claim nothing was measured for; {@code why} says what is missing. */
    public static Claim notMeasured(String statement, String rule, String why) {
        return new Claim(statement, Verdict.NOT_MEASURED, rule, why);
    }
}
