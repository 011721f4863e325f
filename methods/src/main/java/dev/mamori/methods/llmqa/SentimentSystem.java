package dev.mamori.methods.llmqa;

/**
 * A sentiment analysis system under test: a review in, a label (or INVALID) out, with the raw answer kept. Chat
 * endpoints and native models implement it alike, so one study runs against either. Implementations must be safe to
 * call from several threads (the study runs queries concurrently up to its limit).
 */
public interface SentimentSystem extends AutoCloseable {

    /** A short name for reports ("lexicon", "chat:gpt-4o-mini@host"). */
    String name();

    /**
     * Classifies one review under the given operational settings; systems that have no use for a setting (a lexicon has
     * no temperature) ignore it.
     *
     * @throws IllegalArgumentException for an empty review (a clear error, not an INVALID answer)
     */
    SentimentAnswer classify(String review, QuerySettings settings);

    default SentimentAnswer classify(String review) {
        return classify(review, QuerySettings.defaults());
    }

    /** Whether repeated identical queries may answer differently (sampling). */
    default boolean stochastic() {
        return false;
    }

    /** Whether answers carry per-label scores (a greedy attack can then rank words by the drop in confidence). */
    default boolean scored() {
        return false;
    }

    @Override
    default void close() {}

    /** The check every system applies: a review must have visible text. */
    static String requireReview(String review) {
        if (review == null || review.isBlank()) throw new IllegalArgumentException("empty review: there is nothing to classify");
        return review;
    }
}
