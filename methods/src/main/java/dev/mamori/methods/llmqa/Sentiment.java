package dev.mamori.methods.llmqa;

import java.util.List;
import java.util.Locale;

/** The answer classes of a sentiment system; {@link #INVALID} is an answer that is none of the three label words. */
public enum Sentiment {
    NEGATIVE, NEUTRAL, POSITIVE, INVALID;

    /** The three valid labels, in index order (the order of 3-class datasets: negative, neutral, positive). */
    public static final List<Sentiment> LABELS = List.of(NEGATIVE, NEUTRAL, POSITIVE);

    /** The label word a system is asked to return ("POSITIVE"). */
    public String word() {
        return name();
    }

    /** The label of a class name of a dataset ("negative", "positive", "neutral", any case). */
    public static Sentiment ofClassName(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "negative", "neg" -> NEGATIVE;
            case "neutral" -> NEUTRAL;
            case "positive", "pos" -> POSITIVE;
            default -> throw new IllegalArgumentException("class name '" + name + "' is not negative, neutral or positive");
        };
    }

    /** The label of every class of a dataset, by class index. */
    public static List<Sentiment> ofClasses(List<String> classes) {
        return classes.stream().map(Sentiment::ofClassName).toList();
    }
}
