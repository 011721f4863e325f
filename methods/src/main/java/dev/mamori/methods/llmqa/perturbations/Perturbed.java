package dev.mamori.methods.llmqa.perturbations;

import java.util.List;

/**
 * A perturbed text with the record of what changed.
 *
 * @param original the text before
 * @param text     the text after
 * @param edits    one edit per changed word, in word order
 * @param queries  queries to the system under test the attack spent (0 for random placement)
 */
public record Perturbed(String original, String text, List<Edit> edits, int queries) {
    public Perturbed {
        edits = List.copyOf(edits);
    }

    public int wordsChanged() {
        return edits.size();
    }

    public boolean changed() {
        return !edits.isEmpty();
    }
}
