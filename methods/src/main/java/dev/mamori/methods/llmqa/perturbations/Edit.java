package dev.mamori.methods.llmqa.perturbations;

/**
 * One changed word.
 *
 * @param wordIndex   index of the word among the text's words ({@link Words#of})
 * @param offset      character offset of the word in the original text
 * @param original    the word as it was
 * @param replacement the word as it is now
 * @param kind        what was done to it
 * @param characters  characters changed inside the word (1 for a typo, the replaced letters for a homoglyph; for a
 *                    whole-word substitution the edit distance is not counted and this is the replacement's length)
 */
public record Edit(int wordIndex, int offset, String original, String replacement, EditKind kind, int characters) {}
