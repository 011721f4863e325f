/**
 * The same benchmark models written as SameDiff graphs (ViT, ConvMixer, ResNet), with weights shared with the tape's
 * models, to measure the tape against SameDiff's graph executor on the suite's protocol (docs/ARCHITECTURE.md).
 */
package dev.mamori.eval.bench.samediff;
