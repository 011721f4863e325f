package dev.mamori.methods.robustness;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A few clean images with their adversarial versions from one attack and budget, for the report's image grids. */
public record AdversarialSamples(String attack, double epsilon, INDArray clean, INDArray adversarial, int[] labels,
                                 int[] cleanPredictions, int[] adversarialPredictions) {}
