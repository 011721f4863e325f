package dev.mamori.methods.keydefense.experiment;

/**
 * A claim of issue 5 checked against the measured numbers.
 *
 * @param statement what is claimed (and by whom: the paper, or our own caveat)
 * @param verdict   {@link #HOLDS}, {@link #PARTLY}, {@link #DOES_NOT_HOLD} or {@link #NOT_MEASURED}
 * @param rule      how the verdict was decided from the numbers
 * @param evidence  the measured numbers behind it
 */
public record Claim(String statement, String verdict, String rule, String evidence) {
    public static final String HOLDS = "holds";
    public static final String PARTLY = "partly";
    public static final String DOES_NOT_HOLD = "does not hold";
    public static final String NOT_MEASURED = "not measured";

    /** holds when every case passes, does not hold when none does, partly otherwise (not measured without cases). */
    static String verdict(int passing, int cases) {
        if (cases == 0) return NOT_MEASURED;
        if (passing == cases) return HOLDS;
        if (passing == 0) return DOES_NOT_HOLD;
        return PARTLY;
    }
}
