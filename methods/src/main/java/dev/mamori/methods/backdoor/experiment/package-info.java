/**
 * The backdoor experiment ({@code mamori run backdoor}): {@link dev.mamori.methods.backdoor.experiment.BackdoorConfig}
 * (datasets, models, attacks, defenses, sample sizes, seeds, budgets; default, quick and full presets),
 * {@link dev.mamori.methods.backdoor.experiment.BackdoorExperiment} (one backdoored model per dataset, model, attack and
 * seed, every defense on its own copy), the report with tables and the per-class figure, and the claims with
 * verdicts.
 */
package dev.mamori.methods.backdoor.experiment;
