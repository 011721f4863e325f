/**
 * Training and reporting image classifiers: {@link dev.mamori.methods.classification.ClassifierTraining} runs a
 * {@link dev.mamori.methods.classification.TrainSpec} (a registry model, a catalog dataset, optimizer and schedule)
 * and saves a self-describing {@link dev.mamori.methods.classification.SavedClassifier} file (what
 * {@code mamori train}, {@code eval} and {@code attack} use); {@link dev.mamori.methods.classification.ClassificationReport}
 * adds the usual sections; {@link dev.mamori.methods.classification.Quickstart} is the README's main job (a ConvMixer
 * and a ViT on Fashion-MNIST, then the undefended baseline under attack).
 */
package dev.mamori.methods.classification;
