/**
 * The keyed transforms of access control for detectors (docs/METHODS.md item 6, details ours):
 * {@link dev.mamori.methods.accesscontrol.transforms.KeyedTransform} with its kinds
 * ({@link dev.mamori.methods.accesscontrol.transforms.KeyedTransformKind}: block-wise pixel shuffling within M x M
 * blocks, channel shuffling, negative/positive on normalized maps), implemented on the key-based defense's block-wise
 * transforms ({@link dev.mamori.methods.accesscontrol.transforms.BlockwiseTransform}) and with a per-example
 * normalization in front ({@link dev.mamori.methods.accesscontrol.transforms.NormalizedNegativePositive}). Keys are
 * {@code dev.mamori.methods.crypto.SecretKey}s: drawn through {@code KeySource}, saved in owner-only key files, shown
 * as fingerprints.
 */
package dev.mamori.methods.accesscontrol.transforms;
