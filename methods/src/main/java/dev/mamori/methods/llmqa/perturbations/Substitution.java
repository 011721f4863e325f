package dev.mamori.methods.llmqa.perturbations;

/** A replacement for one word, what kind of edit it is and how many characters it changes. */
public record Substitution(String replacement, EditKind kind, int characters) {}
