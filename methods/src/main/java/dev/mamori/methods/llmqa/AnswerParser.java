package dev.mamori.methods.llmqa;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads a label from a chat answer. The paper's output control asks for "only a single word"; what we tolerate (and
 * why): letter case, surrounding whitespace, quotes, Markdown emphasis and final punctuation ("**Positive.**"), and one
 * leading "Sentiment:" or "Answer:" (models often echo the field). Anything else - two label words, a sentence, an
 * empty answer - is {@link Sentiment#INVALID}, so the invalid-answer rate measures how well the output control works.
 */
public final class AnswerParser {
    private static final Pattern PREFIX = Pattern.compile("^(?i)(sentiment|answer|label)\\s*[:=-]\\s*");
    private static final Pattern EDGES = Pattern.compile("^[\\s\"'`*_#.\\[\\](){}]+|[\\s\"'`*_#.!,;:\\[\\](){}]+$");

    private AnswerParser() {}

    public static Sentiment parse(String raw) {
        if (raw == null) return Sentiment.INVALID;
        String s = EDGES.matcher(raw.strip()).replaceAll("");
        s = PREFIX.matcher(s).replaceFirst("");
        s = EDGES.matcher(s).replaceAll("");
        return switch (s.toUpperCase(Locale.ROOT)) {
            case "POSITIVE" -> Sentiment.POSITIVE;
            case "NEGATIVE" -> Sentiment.NEGATIVE;
            case "NEUTRAL" -> Sentiment.NEUTRAL;
            default -> Sentiment.INVALID;
        };
    }
}
