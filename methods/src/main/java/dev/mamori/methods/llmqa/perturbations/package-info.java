/**
 * Small text attacks of Ouyang et al. (2024): typo, synonym, homoglyph and homophone substitutions, each a
 * {@link dev.mamori.methods.llmqa.perturbations.WordPerturber} that changes one word, placed either at random
 * ({@link dev.mamori.methods.llmqa.perturbations.RandomPlacement}, as the paper does) or by a greedy word-importance
 * search ({@link dev.mamori.methods.llmqa.perturbations.GreedyWordImportance}, TextFooler-style). Every result is
 * seeded, stays within its {@link dev.mamori.methods.llmqa.perturbations.Budget} and records each edit. Synonyms
 * keep the replaced word's part of speech and inflection ({@link dev.mamori.methods.llmqa.perturbations.WordNetMorphology},
 * {@link dev.mamori.methods.llmqa.perturbations.Inflection}).
 */
package dev.mamori.methods.llmqa.perturbations;
