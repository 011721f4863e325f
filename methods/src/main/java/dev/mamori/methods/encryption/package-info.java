/**
 * Learnable and compression-friendly image encryption schemes (docs/METHODS.md item 7), each an
 * {@link dev.mamori.methods.encryption.ImageCipher} with exact decryption, on the shared key and permutation machinery
 * of {@link dev.mamori.methods.crypto}:
 * <ul>
 *   <li>{@link dev.mamori.methods.encryption.TanakaLe}: Tanaka's learnable encryption (LE; 4-bit split, one block-wise
 *       shuffle and inversion key for all blocks);</li>
 *   <li>{@link dev.mamori.methods.encryption.TanakaEle}: extended LE (ELE; a key per block and block scrambling; block
 *       order and per-block keys are our reconstruction), key {@link dev.mamori.methods.encryption.EleKey};</li>
 *   <li>{@link dev.mamori.methods.encryption.PixelBasedEncryption}: pixel-based encryption (PE; per-value
 *       negative/positive and per-pixel colour shuffle), key {@link dev.mamori.methods.encryption.PeKey};</li>
 *   <li>{@link dev.mamori.methods.encryption.EtcEncryption}: encryption-then-compression block scrambling (EtC:
 *       block permutation, rotation, flip, negative/positive, colour shuffle), key
 *       {@link dev.mamori.methods.encryption.EtcKey}; parity with the reference on fixture {@code oracle/etc}.</li>
 * </ul>
 * Every scheme expands its key into one {@link dev.mamori.methods.crypto.PixelPermutation} (or two block-wise
 * transforms for LE), so encryption is one vectorised gather; keys come from
 * {@link dev.mamori.methods.crypto.KeySource} and print as fingerprints only.
 */
package dev.mamori.methods.encryption;
