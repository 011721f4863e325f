package dev.mamori.methods.llmqa;

import java.util.List;
import java.util.Optional;

/**
 * A user prompt with a {@value #SLOT} slot for the review. {@link #PAPER} is the prompt and output control of Ouyang
 * et al. (2024); the variants reword it (the paper's "prompt engineering" factor) while asking for the same answer.
 *
 * @param name a short name for reports
 * @param text the prompt, containing {@value #SLOT} exactly once
 */
public record PromptTemplate(String name, String text) {
    public static final String SLOT = "{review}";

    /** The paper's prompt with its output control. */
    public static final PromptTemplate PAPER = new PromptTemplate("paper",
            "Analyze the following product review and determine if the sentiment is POSITIVE, NEGATIVE or NEUTRAL: " + SLOT
                    + "\nReturn only a single word, such as POSITIVE, NEGATIVE or NEUTRAL.");
    /** The paper's prompt without the output control (measures what the control buys in invalid answers). */
    public static final PromptTemplate NO_OUTPUT_CONTROL = new PromptTemplate("no_output_control",
            "Analyze the following product review and determine if the sentiment is POSITIVE, NEGATIVE or NEUTRAL: " + SLOT);
    /** A reworded prompt (ours). */
    public static final PromptTemplate REWORDED = new PromptTemplate("reworded",
            "What is the sentiment of this review? " + SLOT + "\nAnswer with one word: POSITIVE, NEGATIVE or NEUTRAL.");
    /** A terse prompt (ours). */
    public static final PromptTemplate TERSE = new PromptTemplate("terse", "Review: " + SLOT + "\nSentiment (POSITIVE, NEGATIVE or NEUTRAL):");

    /** The templates the stability grid varies over, the paper's first. */
    public static final List<PromptTemplate> VARIANTS = List.of(PAPER, REWORDED, TERSE, NO_OUTPUT_CONTROL);

    public PromptTemplate {
        int at = text.indexOf(SLOT);
        if (at < 0 || text.indexOf(SLOT, at + 1) >= 0) {
            throw new IllegalArgumentException("prompt template '" + name + "' must contain " + SLOT + " exactly once");
        }
    }

    /** The prompt for one review. */
    public String render(String review) {
        return text.replace(SLOT, review);
    }

    /** The review inside a prompt rendered from this template, if the prompt has its prefix and suffix. */
    public Optional<String> extract(String prompt) {
        int at = text.indexOf(SLOT);
        String prefix = text.substring(0, at), suffix = text.substring(at + SLOT.length());
        if (prompt.length() >= prefix.length() + suffix.length() && prompt.startsWith(prefix) && prompt.endsWith(suffix)) {
            return Optional.of(prompt.substring(prefix.length(), prompt.length() - suffix.length()));
        }
        return Optional.empty();
    }

    /**
     * The review in a user message: the slot of the first known template the message fits (longest prefix first, so
     * the paper's template wins over its variant without output control), else the whole message.
     */
    public static String reviewOf(String message) {
        return VARIANTS.stream().sorted((a, b) -> b.text.length() - a.text.length())
                .flatMap(t -> t.extract(message).stream()).findFirst().orElse(message);
    }
}
