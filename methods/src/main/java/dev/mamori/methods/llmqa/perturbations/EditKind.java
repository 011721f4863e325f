package dev.mamori.methods.llmqa.perturbations;

/** What an edit did. */
public enum EditKind {
    TYPO_INSERT, TYPO_DELETE, TYPO_SWAP, TYPO_KEYBOARD, SYNONYM, HOMOGLYPH, HOMOPHONE
}
