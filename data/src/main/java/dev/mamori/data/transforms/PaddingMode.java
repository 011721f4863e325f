package dev.mamori.data.transforms;

/** How pixels outside the image are filled, as torchvision's padding_mode. */
public enum PaddingMode {
    /** A fixed value. */
    CONSTANT,
    /** The nearest edge pixel repeated. */
    EDGE,
    /** Mirrored without repeating the edge: [a b c] padded by 2 on the left is [c b a b c]. */
    REFLECT,
    /** Mirrored with the edge repeated: [a b c] padded by 2 on the left is [b a a b c]. */
    SYMMETRIC;

    /** The source index for position i of a row of length n, or -1 for the fill value. */
    int sourceIndex(int i, int n) {
        if (i >= 0 && i < n) return i;
        switch (this) {
            case CONSTANT:
                return -1;
            case EDGE:
                return i < 0 ? 0 : n - 1;
            case REFLECT: {
                if (n == 1) return 0;
                int period = 2 * (n - 1);
                int m = Math.floorMod(i, period);
                return m < n ? m : period - m;
            }
            case SYMMETRIC: {
                int period = 2 * n;
                int m = Math.floorMod(i, period);
                return m < n ? m : period - 1 - m;
            }
            default:
                throw new AssertionError(this);
        }
    }
}
