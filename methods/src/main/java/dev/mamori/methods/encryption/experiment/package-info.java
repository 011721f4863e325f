/**
 * The encryption experiment ({@code mamori run encryption}): {@link dev.mamori.methods.encryption.experiment.EncryptionConfig},
 * {@link dev.mamori.methods.encryption.experiment.EncryptionExperiment} (classifiers on every scheme over seeds, the
 * attacks, one report), its report and its claims.
 */
package dev.mamori.methods.encryption.experiment;
