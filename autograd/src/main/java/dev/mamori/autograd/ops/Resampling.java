package dev.mamori.autograd.ops;

import dev.mamori.autograd.Tensor;

/** Nearest-neighbour upsampling (PyTorch Upsample(mode="nearest") with an integer scale). */
public final class Resampling {
    private Resampling() {}

    /** Each pixel repeated scale x scale times: a reshape and a broadcast, so the gradient is a sum. */
    public static Tensor upsampleNearest(Tensor x, int scale) {
        long[] s = x.shape();
        long n = s[0], c = s[1], h = s[2], w = s[3];
        return x.reshape(n, c, h, 1, w, 1)
                .expand(n, c, h, scale, w, scale)
                .reshape(n, c, h * scale, w * scale);
    }
}
