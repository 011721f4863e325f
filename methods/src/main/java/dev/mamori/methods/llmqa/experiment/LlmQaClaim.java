package dev.mamori.methods.llmqa.experiment;

/**
 * A claim of the paper checked against the measured numbers (kept in this one class until the shared claim type of
 * the methods' common package lands).
 *
 * @param statement what is claimed
 * @param verdict   {@link #HOLDS}, {@link #PARTLY}, {@link #DOES_NOT_HOLD} or {@link #NOT_MEASURED}
 * @param rule      how the verdict was decided from the numbers
 * @param evidence  the numbers behind it
 */
public record LlmQaClaim(String statement, String verdict, String rule, String evidence) {
    public static final String HOLDS = "holds", PARTLY = "partly", DOES_NOT_HOLD = "does not hold", NOT_MEASURED = "not measured";

    /** holds when every case passes, does not hold when none does, partly otherwise; not measured without cases. */
    static String verdict(int passing, int cases) {
        if (cases == 0) return NOT_MEASURED;
        if (passing == cases) return HOLDS;
        if (passing == 0) return DOES_NOT_HOLD;
        return PARTLY;
    }
}
