package dev.mamori.methods.llmqa.perturbations;

/**
 * How much an attack may change: at most {@code words} words, and inside each changed word at most
 * {@code charactersPerWord} characters for the character-level attacks (typo, homoglyph). Whole-word attacks (synonym,
 * homophone) are bounded by the word count alone. Our default is 2 words and 1 character a word: small edits in the
 * paper's sense (its exact budgets are not available to us).
 */
public record Budget(int words, int charactersPerWord) {
    public static final Budget DEFAULT = new Budget(2, 1);

    public Budget {
        if (words < 1) throw new IllegalArgumentException("budget must allow at least one word, found " + words);
        if (charactersPerWord < 1) throw new IllegalArgumentException("budget must allow at least one character a word, found " + charactersPerWord);
    }
}
