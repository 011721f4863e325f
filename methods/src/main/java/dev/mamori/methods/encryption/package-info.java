/**
 * Privacy-preserving classification with image encryption (docs/METHODS.md items 5 and 7): the shared contracts of
 * every scheme and their keys.
 * <ul>
 *   <li>{@link dev.mamori.methods.encryption.ImageEncoder} (plain images to what the data owner shares) and
 *       {@link dev.mamori.methods.encryption.ImageCipher} (with exact decryption on 8-bit images);</li>
 *   <li>{@link dev.mamori.methods.encryption.EncryptionKey}: a scheme's key for one
 *       {@link dev.mamori.methods.encryption.KeyGeometry} (image size, channels, block size), its
 *       {@link dev.mamori.methods.encryption.KeyMaterial} and {@link dev.mamori.methods.encryption.KeySpace};</li>
 *   <li>{@link dev.mamori.methods.encryption.EncryptionKeyFile}: the owner-only key file of every scheme, whose
 *       geometry is checked when it is read.</li>
 * </ul>
 * By role: {@link dev.mamori.methods.encryption.schemes} (LE, ELE, PE, EtC, grayscale EtC, the block-wise transforms),
 * {@link dev.mamori.methods.encryption.neuracrypt} (NeuraCrypt, Color-NeuraCrypt), {@link dev.mamori.methods.encryption.catalog}
 * (every scheme by name: keys, files, encoders, key spaces), {@link dev.mamori.methods.encryption.dataset} (streaming
 * dataset encryption), {@link dev.mamori.methods.encryption.serving} (a classifier with its key),
 * {@link dev.mamori.methods.encryption.attacks} (the matching attack, the U-Net baseline, visual security) and
 * {@link dev.mamori.methods.encryption.experiment} ({@code mamori run encryption}).
 */
package dev.mamori.methods.encryption;
