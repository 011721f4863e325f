package dev.mamori.methods.llmqa.perturbations;

import java.util.List;
import java.util.SplittableRandom;

/** One kind of small edit to a single word. */
public interface WordPerturber {

    /** "typo", "synonym", "homoglyph", "homophone". */
    String name();

    /**
     * Up to {@code max} distinct replacements for a word (empty when the word cannot be changed this way), in the
     * order this perturber prefers them, drawn with {@code rng} where there is a choice. Each changes at most
     * {@code charactersPerWord} characters where the edit is character-level.
     */
    List<Substitution> candidates(String word, int charactersPerWord, int max, SplittableRandom rng);
}
