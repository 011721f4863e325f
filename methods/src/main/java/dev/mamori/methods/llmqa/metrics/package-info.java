/**
 * Stability and robustness measures of the study: agreement over repeats, label entropy, Fleiss' kappa, invalid-answer
 * rate, accuracy spread over settings, and attack outcomes (accuracy under attack, attack success rate on the items
 * answered correctly before, words changed, queries).
 */
package dev.mamori.methods.llmqa.metrics;
