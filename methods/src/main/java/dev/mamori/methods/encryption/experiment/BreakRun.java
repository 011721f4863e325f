package dev.mamori.methods.encryption.experiment;

import dev.mamori.methods.encryption.attacks.NeuraCryptBreak;

/** Carlini et al.'s matching attack against one scheme on one dataset, for one attack seed (which drew the owner's key). */
public record BreakRun(String dataset, String scheme, long seed, String keyFingerprint, NeuraCryptBreak.Result result) {}
