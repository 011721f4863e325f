package dev.mamori.models.diffusion;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.distributions.DiagonalGaussianDistribution;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.ResnetBlock2D;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The KL-regularized autoencoder of latent diffusion (Rombach et al. 2022, arXiv 2112.10752, section 3 and appendix
 * G; Kingma & Welling 2014's reparametrized posterior), as diffusers.AutoencoderKL with its parameter names:
 * encoder ({@link VaeEncoder}), quant_conv (1x1 on the moments), the posterior {@link DiagonalGaussianDistribution},
 * post_quant_conv (1x1 on the latent), decoder ({@link VaeDecoder}). Images are in [-1, 1]. The diffusion model works
 * on latents multiplied by {@link #scalingFactor()} (Stable Diffusion: 0.18215), which should be 1 / std of the
 * latents of the training data: it is part of the config, computed on data after training and stored with the
 * weights.
 */
public final class AutoencoderKL extends Module {
    /** eps of every GroupNorm in the autoencoder (diffusers' Encoder and Decoder). */
    static final double EPS = 1e-6;

    /**
     * @param inChannels         image channels in
     * @param outChannels        image channels out
     * @param sampleSize         image size the model is made for
     * @param blockOutChannels   channels per level, from the finest; levels - 1 downsamplings
     * @param layersPerBlock     resnets per encoder level (decoder levels have one more)
     * @param latentChannels     latent channels
     * @param normNumGroups      GroupNorm groups
     * @param midBlockAttention  whether the middle blocks hold self-attention (diffusers' mid_block_add_attention)
     * @param scalingFactor      the latent scale the diffusion model sees (1 / std of the training latents)
     */
    public record Config(int inChannels, int outChannels, int sampleSize, int[] blockOutChannels, int layersPerBlock,
                         int latentChannels, int normNumGroups, boolean midBlockAttention, double scalingFactor) {
        public Config {
            if (blockOutChannels == null || blockOutChannels.length == 0) throw new IllegalArgumentException("VAE: blockOutChannels must name at least one level");
            for (int ch : blockOutChannels) {
                if (ch % normNumGroups != 0) throw new IllegalArgumentException("VAE: level width " + ch + " not divisible by " + normNumGroups + " groups");
            }
            if (inChannels < 1 || outChannels < 1 || layersPerBlock < 1 || latentChannels < 1) {
                throw new IllegalArgumentException("VAE: channel and layer counts must be positive");
            }
            if (!(scalingFactor > 0) || !Double.isFinite(scalingFactor)) throw new IllegalArgumentException("VAE: scaling factor must be positive, got " + scalingFactor);
            if (sampleSize % (1 << (blockOutChannels.length - 1)) != 0) {
                throw new IllegalArgumentException("VAE: sample size " + sampleSize + " not divisible by 2^(levels - 1)");
            }
            blockOutChannels = blockOutChannels.clone();
        }

        @Override
        public int[] blockOutChannels() {
            return blockOutChannels.clone();
        }

        /** The downsampling factor from image to latent: 2^(levels - 1). */
        public int downsampling() {
            return 1 << (blockOutChannels.length - 1);
        }

        public Config withScalingFactor(double s) {
            return new Config(inChannels, outChannels, sampleSize, blockOutChannels, layersPerBlock, latentChannels, normNumGroups,
                    midBlockAttention, s);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Config c && inChannels == c.inChannels && outChannels == c.outChannels && sampleSize == c.sampleSize
                    && Arrays.equals(blockOutChannels, c.blockOutChannels) && layersPerBlock == c.layersPerBlock
                    && latentChannels == c.latentChannels && normNumGroups == c.normNumGroups && midBlockAttention == c.midBlockAttention
                    && Double.compare(scalingFactor, c.scalingFactor) == 0;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(blockOutChannels) * 31 + latentChannels;
        }

        @Override
        public String toString() {
            return "AutoencoderKL.Config[in=" + inChannels + ", out=" + outChannels + ", size=" + sampleSize + ", channels="
                    + Arrays.toString(blockOutChannels) + ", layers=" + layersPerBlock + ", latent=" + latentChannels + ", groups="
                    + normNumGroups + ", midAttention=" + midBlockAttention + ", scaling=" + scalingFactor + "]";
        }
    }

    private Config config;
    public final VaeEncoder encoder;
    public final VaeDecoder decoder;
    public final Conv2d quantConv, postQuantConv;

    public AutoencoderKL(Config c) {
        this.config = c;
        this.encoder = register("encoder", new VaeEncoder(c));
        this.decoder = register("decoder", new VaeDecoder(c));
        this.quantConv = register("quant_conv", new Conv2d(2 * c.latentChannels(), 2 * c.latentChannels(), 1));
        this.postQuantConv = register("post_quant_conv", new Conv2d(c.latentChannels(), c.latentChannels(), 1));
    }

    /** The config with the current scaling factor. */
    public Config config() {
        return config;
    }

    public double scalingFactor() {
        return config.scalingFactor();
    }

    /** Sets the latent scale (after measuring the latents' spread on data). */
    public void setScalingFactor(double s) {
        this.config = config.withScalingFactor(s);
    }

    static UNetMidBlock midBlock(Config c) {
        int[] ch = c.blockOutChannels();
        int deepest = ch[ch.length - 1];
        ResnetBlock2D.Options ro = ResnetBlock2D.options().groups(c.normNumGroups()).eps(EPS);
        List<Module> attentions = new ArrayList<>();
        List<ResnetBlock2D> resnets = new ArrayList<>(List.of(new ResnetBlock2D(deepest, deepest, 0, ro)));
        if (c.midBlockAttention()) attentions.add(new VaeAttention(deepest, c.normNumGroups(), EPS));
        // without attention diffusers' UNetMidBlock2D still has two resnets (attentions list of None)
        resnets.add(new ResnetBlock2D(deepest, deepest, 0, ro));
        return c.midBlockAttention() ? new UNetMidBlock(resnets, attentions) : new UNetMidBlock(resnets, List.of(new Identity()));
    }

    /** A spatial attention that does nothing (a middle block without attention). */
    private static final class Identity extends Module implements SpatialAttention {
        @Override
        public Tensor call(Tensor x, Tensor context) {
            return x;
        }

        @Override
        protected Tensor forward(Tensor x) {
            return x;
        }
    }

    /** The posterior q(z | x) of images [B, C, H, W] in [-1, 1]: moments [B, 2 latent, h, w] after quant_conv. */
    public DiagonalGaussianDistribution encode(Tensor images) {
        return new DiagonalGaussianDistribution(quantConv.call(encoder.call(images)));
    }

    /** Images (about [-1, 1]) from unscaled latents [B, latent, h, w]. */
    public Tensor decode(Tensor latents) {
        return decoder.call(postQuantConv.call(latents));
    }

    /** encode, sample with the given standard-normal noise (the mode when null), decode. */
    public Tensor reconstruct(Tensor images, Tensor noise) {
        DiagonalGaussianDistribution q = encode(images);
        return decode(noise == null ? q.mode() : q.sample(noise));
    }

    @Override
    protected Tensor forward(Tensor images) {
        return reconstruct(images, null);
    }

    @Override
    protected String extraRepr() {
        return config.toString();
    }
}
