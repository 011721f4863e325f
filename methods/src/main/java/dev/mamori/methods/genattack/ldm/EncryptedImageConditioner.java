package dev.mamori.methods.genattack.ldm;

import dev.mamori.autograd.Tensor;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.LayerNorm;
import dev.mamori.nn.layers.Mlp;

/**
 * Maps an encrypted image [N, C', H', W'] to a token sequence [N, T, D] that the latent-diffusion attack's UNet
 * cross-attends to in place of a prompt's text states (docs/METHODS.md item 7 (b): "the denoiser is conditioned on an
 * embedding of the encrypted image"). The design is ours: one token per M x M block of the encrypted image (a
 * convolution with kernel and stride M, i.e. a linear map of the block's C'M^2 values), then a pre-norm residual MLP
 * per token and a final layer norm.
 *
 * <p>Why per-block tokens: every learnable image cipher here works block by block (M is the scheme's block size), so
 * a token sees exactly what one key operation mixed, and the MLP can learn what survives the key inside a block (the
 * histogram, edges up to rotation/flip, colour up to channel shuffle and negative/positive). Why no position
 * embedding for the block-scrambling schemes (ELE, EtC, grayscale EtC): their key moves blocks to random places, so a
 * block's position in the encrypted image says nothing about its place in the plain one; without positions the
 * cross-attention is invariant to the scrambling (a permutation of the tokens leaves every attention output
 * unchanged), and the UNet's queries, which do know their place, must find the block whose content fits (a learned
 * jigsaw). Schemes that keep blocks in place (LE, PE, the block-wise transforms) get a learned position embedding,
 * since there a block's position is its plain position.
 */
public final class EncryptedImageConditioner extends Module {

    /**
     * @param inChannels C' of the encrypted image (6 for LE/ELE's 4-bit split, 1 for grayscale EtC, 3 otherwise)
     * @param blockSize  M, the token's block (the scheme's block size)
     * @param width      D, the token width (the UNet's cross-attention width)
     * @param positions  learned position embeddings for this many tokens (0: none, the block-scrambling schemes)
     * @param stackPlanes whether encrypted images [N, C, H, W] are first seen as the gray image [N, 1, C*H, W] whose blocks
     *                   the key moved (grayscale EtC: its blocks cross the planes, so the conditioner's blocks must be the
     *                   stacked image's)
     */
    public record Config(int inChannels, int blockSize, int width, int positions, boolean stackPlanes) {
        public Config {
            if (inChannels < 1 || blockSize < 1 || width < 1 || positions < 0) {
                throw new IllegalArgumentException("conditioner: channels, block size and width must be positive, positions >= 0; got " + this);
            }
            if (stackPlanes && inChannels != 1) throw new IllegalArgumentException("conditioner: a stacked gray image has 1 channel, got " + inChannels);
        }

        /**
         * The config for encrypted images of {@code scheme} of shape [C', H', W'] (the scheme's encoder's output) with
         * block size {@code blockSize} (pixel-based encryption has no blocks; its tokens take M x M patches all the same):
     * position embeddings unless the scheme scrambles blocks.
         */
        public static Config forScheme(Scheme scheme, long[] encodedShape, int blockSize, int width) {
            if (encodedShape[1] % blockSize != 0 || encodedShape[2] % blockSize != 0) {
                throw new IllegalArgumentException("encrypted images " + encodedShape[1] + "x" + encodedShape[2] + " are not whole " + blockSize + "x"
                        + blockSize + " blocks");
            }
            boolean stack = scheme == Scheme.GRAY_ETC;
            int tokens = (int) ((encodedShape[1] / blockSize) * (encodedShape[2] / blockSize) * (stack ? encodedShape[0] : 1));
            return new Config(stack ? 1 : (int) encodedShape[0], blockSize, width, scramblesBlocks(scheme) ? 0 : tokens, stack);
        }
    }

    /** Whether the scheme's key moves blocks (so a token's position carries no information about the plain image). */
    public static boolean scramblesBlocks(Scheme scheme) {
        return scheme == Scheme.ELE || scheme == Scheme.ETC || scheme == Scheme.GRAY_ETC;
    }

    public final Config config;
    public final Conv2d blockEmbedding;
    public final LayerNorm norm, outNorm;
    public final Mlp mlp;
    private final Tensor positionEmbedding;

    public EncryptedImageConditioner(Config c) {
        this.config = c;
        this.blockEmbedding = register("block_embedding", new Conv2d(c.inChannels(), c.width(), c.blockSize(), Conv2d.options().stride(c.blockSize())));
        this.positionEmbedding = c.positions() > 0 ? registerParameter("position_embedding", Init.truncNormal(0.02, -2, 2, 1, c.positions(), c.width())) : null;
        this.norm = register("norm", new LayerNorm(c.width()));
        this.mlp = register("mlp", new Mlp(c.width(), 2L * c.width(), c.width()));
        this.outNorm = register("out_norm", new LayerNorm(c.width()));
    }

    /** Tokens [N, T, D] of encrypted images [N, C', H', W'] with values in [0, 1]. */
    @Override
    protected Tensor forward(Tensor encrypted) {
        if (config.stackPlanes() && encrypted.dim() == 4) {
            encrypted = encrypted.reshape(encrypted.size(0), 1, encrypted.size(1) * encrypted.size(2), encrypted.size(3));  // [N, 1, C*H, W]
        }
        if (encrypted.dim() != 4 || encrypted.size(1) != config.inChannels() || encrypted.size(2) % config.blockSize() != 0
                || encrypted.size(3) % config.blockSize() != 0) {
            throw new IllegalArgumentException("conditioner: expected encrypted images [N, " + config.inChannels() + ", H, W] with H and W multiples of "
                    + config.blockSize() + ", got " + java.util.Arrays.toString(encrypted.shape()));
        }
        long n = encrypted.size(0);
        Tensor x = blockEmbedding.call(encrypted.mul(2).sub(1));                           // [N, D, H'/M, W'/M]
        long t = x.size(2) * x.size(3);
        x = x.reshape(n, config.width(), t).transpose(1, 2);                               // [N, T, D]
        if (positionEmbedding != null) {
            if (t != config.positions()) throw new IllegalArgumentException("conditioner: made for " + config.positions() + " tokens, got " + t);
            x = x.add(positionEmbedding);                                                   // [N, T, D] + [1, T, D]
        }
        x = x.add(mlp.call(norm.call(x)));                                                 // pre-norm residual MLP per token
        return outNorm.call(x);                                                            // [N, T, D]
    }

    /** The token count for encrypted images [C', H', W'] as the scheme's encoder makes them. */
    public long tokens(long[] encodedShape) {
        long planes = config.stackPlanes() ? encodedShape[0] : 1;
        return planes * (encodedShape[1] / config.blockSize()) * (encodedShape[2] / config.blockSize());
    }
}
