/**
 * The experiment plumbing every method shares, so that each method package has the same face (library API, then
 * experiment config, experiment, report, claims):
 * <ul>
 *   <li>{@link dev.mamori.methods.common.ExperimentConfig}: the config base (seed, validation errors naming the field,
 *       {@link dev.mamori.methods.common.ExperimentConfig.Preset default and quick presets}, the default run
 *       directory); {@link dev.mamori.methods.common.ExperimentSeeds}: named seeds derived from the run's seed;</li>
 *   <li>{@link dev.mamori.methods.common.Claim} with a {@link dev.mamori.methods.common.Verdict} (holds, partly, does
 *       not hold, not measured) decided from passing cases by a stated rule;
 *       {@link dev.mamori.methods.common.ClaimsSection} writes them into a report (results.json, Markdown and HTML
 *       through {@link dev.mamori.eval.report.ExperimentReport});</li>
 *   <li>data for experiments: {@link dev.mamori.methods.common.ImageData} (a catalog dataset with its splits and
 *       loaders), {@link dev.mamori.methods.common.LoaderBatchSource} and
 *       {@link dev.mamori.methods.common.InMemoryBatchSource} (training batches for the trainer).</li>
 * </ul>
 */
package dev.mamori.methods.common;
