/**
 * The access-control experiment ({@code mamori run accesscontrol}): {@link
 * dev.mamori.methods.accesscontrol.experiment.AccessControlConfig} (defaults and {@code --quick}),
 * {@link dev.mamori.methods.accesscontrol.experiment.AccessControlExperiment} (unprotected, right key, no transform,
 * wrong keys, input-image keys and a fine-tuning attacker, over several training seeds), its per-seed results, its
 * claims with verdicts (not measured where nothing was measured) and its report. Keys go to {@code keys/} of the run
 * directory as owner-only files; logs and the report show fingerprints only.
 */
package dev.mamori.methods.accesscontrol.experiment;
