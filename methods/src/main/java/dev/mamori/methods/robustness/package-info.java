/**
 * Robustness evaluation: clean accuracy, robust accuracy and attack success rate (with Wilson intervals) of a
 * classifier under a list of attacks and budgets, perturbation norms, queries and time, and an experiment report with
 * a table, robust accuracy against epsilon, and image grids of clean | adversarial | perturbation. Entry point:
 * {@link dev.mamori.methods.robustness.RobustnessEvaluation#builder()}; result:
 * {@link dev.mamori.methods.robustness.RobustnessResult} ({@code writeReport(dir)}). PGD-10 timing for the
 * performance note: {@link dev.mamori.methods.robustness.PgdTiming}.
 */
package dev.mamori.methods.robustness;
