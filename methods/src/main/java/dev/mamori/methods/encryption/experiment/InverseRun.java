package dev.mamori.methods.encryption.experiment;

import dev.mamori.methods.encryption.attacks.InverseTranslation;

/** The U-Net inverse-translation baseline (and the scheme's visual security) on one dataset, for one attack seed. */
public record InverseRun(String dataset, long seed, InverseTranslation.Result result) {}
