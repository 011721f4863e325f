package dev.mamori.methods.encryption.schemes;

import dev.mamori.methods.crypto.BlockGeometry;
import dev.mamori.methods.crypto.PixelPermutation;

/**
 * EtC (encryption-then-compression) block scrambling. With blocks numbered row-major, output block i is input block
 * src = blockPermutation[i], then
 * <ol>
 *   <li>rotated by rotation[src] quarter turns counter-clockwise (torch.rot90 on (H, W): one turn maps
 *       out[r][c] = in[c][M-1-r]);</li>
 *   <li>flipped: flip[src] = 1 reverses columns (horizontal flip), 2 reverses rows (vertical flip);</li>
 *   <li>inverted to peak - v where negativePositive[src] (peak 255 for 8-bit values, 1 for images in [0, 1]);</li>
 *   <li>its channels reordered: out[c] = in[colourPermutation[src][c]].</li>
 * </ol>
 * The whole key expands to one {@link PixelPermutation} of the image ({@link PixelPermutationCipher}).
 */
public final class EtcEncryption extends PixelPermutationCipher<EtcKey> {

    /** EtC on images in [0, 1] (negative/positive is 1 - v). */
    public EtcEncryption(EtcKey key) {
        this(key, 1.0);
    }

    /** EtC with negative/positive as {@code peak - v} (255 for 8-bit values stored as floats). */
    public EtcEncryption(EtcKey key, double peak) {
        super(key, peak, expand(key, peak));
    }

    /** For every output value, the input value it comes from and whether it is inverted. */
    private static PixelPermutation expand(EtcKey key, double peak) {
        int m = key.blockSize();
        BlockGeometry g = new BlockGeometry(m, key.channels(), key.height(), key.width());
        int[] blockPerm = key.blockPermutation();
        int[] rotation = key.rotation();
        int[] flip = key.flip();
        boolean[] np = key.negativePositive();
        int[][] colour = key.colourPermutation();
        int[] source = new int[g.imageLength()];
        boolean[] negated = new boolean[source.length];
        for (int block = 0; block < g.blockCount(); block++) {
            int src = blockPerm[block];
            for (int c = 0; c < g.channels(); c++) {
                for (int r = 0; r < m; r++) {
                    for (int col = 0; col < m; col++) {
                        // Undo the steps from the last to the first: colour, flip, rotation.
                        int fr = flip[src] == 2 ? m - 1 - r : r;
                        int fc = flip[src] == 1 ? m - 1 - col : col;
                        int sr, sc;
                        switch (rotation[src]) {
                            case 0 -> { sr = fr; sc = fc; }
                            case 1 -> { sr = fc; sc = m - 1 - fr; }
                            case 2 -> { sr = m - 1 - fr; sc = m - 1 - fc; }
                            default -> { sr = m - 1 - fc; sc = fr; }
                        }
                        int out = g.imageIndex(block, c, r, col);
                        source[out] = g.imageIndex(src, colour[src][c], sr, sc);
                        negated[out] = np[src];
                    }
                }
            }
        }
        return PixelPermutation.of(g.channels(), g.height(), g.width(), source, negated, peak);
    }
}
