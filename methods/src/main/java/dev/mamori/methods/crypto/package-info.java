/**
 * What every keyed method shares: secret keys, where their material comes from, their files, and the permutation and
 * block machinery the key-based defense (docs/METHODS.md item 1), the learnable encryption schemes (item 7) and access
 * control of detectors (item 6) are built from.
 *
 * <ul>
 *   <li>{@link dev.mamori.methods.crypto.KeySource}: SecureRandom for keys that protect something, a seeded generator
 *       for reproducible experiment keys, and the draws (Fisher-Yates permutation, half mask) every key type uses.</li>
 *   <li>{@link dev.mamori.methods.crypto.SecretKey} with {@link dev.mamori.methods.crypto.TransformKind}: the key of a
 *       block-wise transform (shuffle, negative/positive, FFX); owner-only JSON files
 *       ({@link dev.mamori.methods.crypto.SecretKeyFile}, errors {@link dev.mamori.methods.crypto.KeyFileException}
 *       name the file and field and never quote material); keys print as a
 *       {@link dev.mamori.methods.crypto.KeyFingerprint} only.</li>
 *   <li>{@link dev.mamori.methods.crypto.BlockGeometry}: M x M blocks of a C x H x W image and the (row, col, channel)
 *       order inside a block; {@link dev.mamori.methods.crypto.PixelPermutation}: any keyed rearrangement with
 *       inversions of an image, as one vectorised gather (differentiable); {@link dev.mamori.methods.crypto.Permutations}:
 *       checks and inverses.</li>
 *   <li>{@link dev.mamori.methods.crypto.Ff1}: NIST SP 800-38G FF1 format-preserving encryption (the FFX transform's
 *       cipher).</li>
 * </ul>
 * The block-wise transforms themselves are in {@link dev.mamori.methods.crypto.blockwise}.
 */
package dev.mamori.methods.crypto;
