/**
 * The block-wise transforms of AprilPyone and Kiya, "Block-wise image transformation with secret key for
 * adversarially robust defense" (IEEE TIFS 2021; docs/METHODS.md item 1): every M x M block of an image, flattened in
 * (row, col, channel) order, is transformed with the same secret key.
 *
 * <ul>
 *   <li>{@link dev.mamori.methods.crypto.blockwise.BlockTransform#forKey}: {@link dev.mamori.methods.crypto.blockwise.BlockShuffle}
 *       (pixel shuffling), {@link dev.mamori.methods.crypto.blockwise.BlockNegativePositive} (bit flipping),
 *       {@link dev.mamori.methods.crypto.blockwise.BlockFfx} (FFX through the 256-entry
 *       {@link dev.mamori.methods.crypto.blockwise.FfxTable}; BPDA identity gradient);</li>
 *   <li>{@link dev.mamori.methods.crypto.blockwise.TransformChain}: several in order, the secret input transform of one
 *       keyed model.</li>
 * </ul>
 * Shuffling and negative/positive are fixed rearrangements with inversions
 * ({@link dev.mamori.methods.crypto.PixelPermutation}); Tanaka's LE (dev.mamori.methods.encryption) is built from the
 * same two.
 */
package dev.mamori.methods.crypto.blockwise;
