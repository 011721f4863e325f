package dev.mamori.methods.genattack.ldm;

import dev.mamori.autograd.Tensor;
import dev.mamori.generative.training.ContextSource;
import dev.mamori.methods.genattack.attack.FreshKeyEncryption;
import dev.mamori.nn.train.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The cross-attention context of the latent-diffusion attack's training: each example's plain image (found by the
 * batch's row index) is encrypted under a key of its own drawn for this step ({@link FreshKeyEncryption}), so that the
 * model learns what the scheme leaks under any key, and embedded by the conditioner; the tokens carry gradient into
 * the conditioner. A dropped example (classifier-free guidance) gets all-zero tokens, the null condition the sampler's
 * unconditional pass uses too ({@link #unconditional}).
 */
public final class EncryptedImageContext implements ContextSource {
    private final INDArray plainImages;
    private final FreshKeyEncryption keys;
    private final EncryptedImageConditioner conditioner;
    private final long tokens;

    /** {@code plainImages}: the training images [N, C, H, W] in [0, 1], in the order the batches' row indices name. */
    public EncryptedImageContext(INDArray plainImages, FreshKeyEncryption keys, EncryptedImageConditioner conditioner) {
        long[] enc = keys.encodedShape();
        if (!conditioner.config.stackPlanes() && enc[0] != conditioner.config.inChannels()) {
            throw new IllegalArgumentException("the scheme's encrypted images have " + enc[0] + " channels, the conditioner takes " + conditioner.config.inChannels());
        }
        this.plainImages = plainImages;
        this.keys = keys;
        this.conditioner = conditioner;
        this.tokens = conditioner.tokens(enc);
    }

    @Override
    public Tensor context(int[] rows, boolean[] dropped, StepContext step) {
        long n = plainImages.size(0);
        for (int r : rows) if (r < 0 || r >= n) throw new IllegalArgumentException("row " + r + " outside the " + n + " training images");
        INDArray plain = Nd4j.pullRows(plainImages.reshape('c', n, -1), 1, rows)
                .reshape('c', rows.length, plainImages.size(1), plainImages.size(2), plainImages.size(3));   // [B, C, H, W]
        INDArray encrypted = keys.apply(plain, step.random());                                  // [B, C', H', W'], a fresh key each
        Tensor ctx = conditioner.call(Tensor.of(encrypted));                                   // [B, T, D]
        boolean any = false;
        for (boolean d : dropped) any |= d;
        if (!any) return ctx;
        INDArray keep = Nd4j.ones(ctx.dataType(), rows.length, 1, 1);
        for (int i = 0; i < rows.length; i++) if (dropped[i]) keep.putScalar(i, 0, 0, 0.0);
        return ctx.mul(Tensor.of(keep));                                                        // dropped rows: zero tokens
    }

    /** The null condition [1, T, D]: all-zero tokens. */
    public INDArray unconditional() {
        return Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, tokens, conditioner.config.width());
    }

    @Override
    public long tokens() {
        return tokens;
    }

    @Override
    public long width() {
        return conditioner.config.width();
    }
}
