/**
 * The learnable and compression-friendly image encryption schemes (docs/METHODS.md item 7), each an
 * {@link dev.mamori.methods.encryption.ImageCipher} with exact decryption on 8-bit images, its key drawn through
 * {@link dev.mamori.methods.crypto.KeySource}:
 * <ul>
 *   <li>{@link dev.mamori.methods.encryption.schemes.TanakaLe} (LE, key {@link dev.mamori.methods.encryption.schemes.LeKey}):
 *       4-bit split, one block-wise nibble shuffle and inversion for all blocks;</li>
 *   <li>{@link dev.mamori.methods.encryption.schemes.TanakaEle} (ELE, key {@link dev.mamori.methods.encryption.schemes.EleKey}):
 *       a key per block and block scrambling (our reconstruction of block order and per-block keys);</li>
 *   <li>{@link dev.mamori.methods.encryption.schemes.PixelBasedEncryption} (PE, key {@link dev.mamori.methods.encryption.schemes.PeKey}):
 *       per-value negative/positive and per-pixel colour shuffle;</li>
 *   <li>{@link dev.mamori.methods.encryption.schemes.EtcEncryption} (EtC, key {@link dev.mamori.methods.encryption.schemes.EtcKey}):
 *       block scrambling, rotation, flip, negative/positive, colour shuffle; parity with fixture {@code oracle/etc};</li>
 *   <li>{@link dev.mamori.methods.encryption.schemes.GrayscaleEtc} (key {@link dev.mamori.methods.encryption.schemes.GrayscaleEtcKey}):
 *       EtC on the gray image of stacked colour planes;</li>
 *   <li>{@link dev.mamori.methods.encryption.schemes.BlockwiseCipher} (key {@link dev.mamori.methods.encryption.schemes.BlockwiseKey}):
 *       the key-based defense's block-wise shuffle, negative/positive and FFX.</li>
 * </ul>
 * Every scheme expands its key into one {@link dev.mamori.methods.crypto.PixelPermutation} (or block-wise transforms),
 * so encryption is one vectorised gather; keys print as fingerprints only.
 */
package dev.mamori.methods.encryption.schemes;
