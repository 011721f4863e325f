/**
 * Experiment reports: {@link dev.mamori.eval.report.ExperimentReport} collects config, seed, timings, metrics, tables
 * and figures in reading order and writes results.json, report.md and a self-contained report.html (plots with
 * XChart, image grids), atomically, after checking every output against registered forbidden strings
 * ({@link dev.mamori.eval.report.ForbiddenStrings}: secret key material); {@link dev.mamori.eval.report.RuntimeVersions}
 * records the versions that produced a report.
 */
package dev.mamori.eval.report;
