/**
 * NeuraCrypt and Color-NeuraCrypt (docs/METHODS.md item 5): random, frozen neural encoders whose weights are the key,
 * and a fresh token permutation per image. {@link dev.mamori.methods.encryption.neuracrypt.NeuraCryptEncoder} is the
 * published private encoder (parity with fixture {@code oracle/wave2/neuracrypt_encoder});
 * {@link dev.mamori.methods.encryption.neuracrypt.NeuraCrypt} and
 * {@link dev.mamori.methods.encryption.neuracrypt.ColorNeuraCrypt} (our reconstruction: an encoder per colour channel,
 * tokens combined per patch) share {@link dev.mamori.methods.encryption.neuracrypt.ShuffledTokenEncoder}, which lays the
 * shuffled tokens out as a token grid for a ViT without position embedding.
 */
package dev.mamori.methods.encryption.neuracrypt;
