/**
 * The experiment {@code mamori run genattack-gan} (docs/METHODS.md item 7): a StyleGAN2 trained on the dataset, then per
 * attack seed and image scheme the encoder attack and the U-Net inverse-translation baseline judged against the
 * encrypted images themselves on the same test images and unseen keys, the EtC face attack's attribute table, grids and
 * claims with verdicts ({@link dev.mamori.methods.genattack.experiment.GenAttackGanExperiment}); a run directory that
 * a killed run resumes from, stage by stage.
 */
package dev.mamori.methods.genattack.experiment;
