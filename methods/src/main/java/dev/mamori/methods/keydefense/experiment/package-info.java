/**
 * The key-defense experiment ({@code mamori run keydefense}; docs/METHODS.md items 1-3):
 * {@link dev.mamori.methods.keydefense.experiment.KeyDefenseExperiment#run} trains the plain backbones (ViT,
 * ConvMixer), builds keyed models per key kind and {@link dev.mamori.methods.keydefense.experiment.KeyMethod} (from
 * scratch, absorbed, EMBEDDING_AND_HEAD / LORA / FULL fine-tuning, multi-key N = 1, 3, 5), attacks every model with the
 * arsenal of {@link dev.mamori.methods.keydefense.adaptive}, decides each claim
 * ({@link dev.mamori.methods.keydefense.experiment.Claims}, as {@link dev.mamori.methods.common.Claim}s) with stated rules, and writes one report. Configuration:
 * {@link dev.mamori.methods.keydefense.experiment.KeyDefenseConfig} (an {@link dev.mamori.methods.common.ExperimentConfig}:
 * YAML/JSON fields over the default or quick preset), backbones {@link dev.mamori.methods.keydefense.experiment.BackboneConfig}. Results:
 * {@link dev.mamori.methods.keydefense.experiment.ModelResult} per model (with
 * {@link dev.mamori.methods.keydefense.experiment.BuiltModel}). Keys are saved to {@code keys/} of the run directory
 * (owner-only) when drawn and recorded in its journal ({@code ModelKeys}); the log
 * and the report show random key ids only, and the report refuses to be written with key material in it. A killed run
 * resumes per model: keys read back, keyed models restored from their checkpoints, each model's clean accuracy and
 * attack results read back from the journal ({@code JournaledResults}).
 */
package dev.mamori.methods.keydefense.experiment;
