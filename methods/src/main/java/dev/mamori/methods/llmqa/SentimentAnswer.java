package dev.mamori.methods.llmqa;

import java.util.Objects;

/**
 * One answer of a system under test: the parsed label and the raw text it answered (kept for the report and for
 * deciding, later, what an INVALID answer was). {@code confidence} is the probability the system gave its own label
 * when it exposes one (native models), NaN otherwise (chat endpoints answer a word).
 *
 * @param label      the parsed label
 * @param raw        the system's raw answer
 * @param scores     per-label probabilities in {@link Sentiment#LABELS} order, or null when the system gives none
 * @param cached     whether the answer came from a response cache rather than the system
 */
public record SentimentAnswer(Sentiment label, String raw, double[] scores, boolean cached) {
    public SentimentAnswer {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(raw, "raw");
        if (scores != null && scores.length != Sentiment.LABELS.size()) {
            throw new IllegalArgumentException("scores must have one probability per label (" + Sentiment.LABELS.size() + ")");
        }
    }

    /** An answer parsed from raw text, without scores. */
    public static SentimentAnswer parsed(String raw) {
        return new SentimentAnswer(AnswerParser.parse(raw), raw, null, false);
    }

    /** The probability of {@code label}, NaN when the system gives no scores. */
    public double score(Sentiment label) {
        int i = Sentiment.LABELS.indexOf(label);
        return scores == null || i < 0 ? Double.NaN : scores[i];
    }

    /** The same answer marked as served from a cache. */
    public SentimentAnswer fromCache() {
        return new SentimentAnswer(label, raw, scores, true);
    }
}
