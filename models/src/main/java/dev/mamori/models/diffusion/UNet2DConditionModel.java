package dev.mamori.models.diffusion;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Activations;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.GroupNorm;
import dev.mamori.nn.layers.ModuleList;
import dev.mamori.nn.layers.ResnetBlock2D;
import dev.mamori.nn.layers.SinusoidalTimestepEmbedding;
import dev.mamori.nn.layers.TimestepEmbedding;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * The text-conditioned denoiser of latent diffusion (Rombach et al. 2022, arXiv 2112.10752, section 3.3; the UNet of
 * Ronneberger et al. 2015 with DDPM's residual blocks, Ho et al. 2020), as diffusers.UNet2DConditionModel with
 * parameter names of Stable Diffusion checkpoints: time_proj (sinusoidal, cos first, shift 0) and time_embedding
 * (linear_1, SiLU, linear_2, width 4 c_0), conv_in, down_blocks.i ({@link UNetDownBlock}: resnets, attentions,
 * downsamplers), mid_block ({@link UNetMidBlock}: resnet, spatial transformer, resnet), up_blocks.i ({@link UNetUpBlock},
 * deepest first: resnets, attentions, upsamplers), conv_norm_out, SiLU, conv_out. Levels marked in
 * {@link Config#crossAttention()} hold {@link Transformer2DModel}s that cross-attend to the text encoder's states.
 * With {@link SkipConnections#EVERY_LAYER} the topology is diffusers' (loads Stable Diffusion's weights when the
 * config matches); {@link SkipConnections#PER_LEVEL} is the compact one of the benchmark suite.
 */
public final class UNet2DConditionModel extends Module {

    /**
     * The architecture (field names are diffusers' config.json keys in camel case, except {@code crossAttention} for
     * the down/up block types and {@code attentionHeads} for diffusers' misnamed attention_head_dim).
     *
     * @param inChannels                latent channels in
     * @param outChannels               channels out (the prediction)
     * @param sampleSize                latent height and width the model is made for (any multiple of 2^(levels-1) works)
     * @param blockOutChannels          channels per level, from the finest
     * @param crossAttention            per level, whether its blocks hold spatial transformers (CrossAttnDownBlock2D / CrossAttnUpBlock2D)
     * @param layersPerBlock            resnets per down level (the up levels have one more with EVERY_LAYER skips)
     * @param attentionHeads            heads of every spatial transformer (head width = channels / heads)
     * @param crossAttentionDim         width of the context (the text encoder's hidden size)
     * @param transformerLayersPerBlock BasicTransformerBlocks per spatial transformer
     * @param normNumGroups             GroupNorm groups
     * @param normEps                   GroupNorm eps of the resnets and the output norm
     * @param useLinearProjection       proj_in/proj_out as linear layers (SD 2.x) instead of 1x1 convolutions (SD 1.x)
     * @param skipConnections           the skip topology
     */
    public record Config(int inChannels, int outChannels, int sampleSize, int[] blockOutChannels, boolean[] crossAttention,
                         int layersPerBlock, int attentionHeads, int crossAttentionDim, int transformerLayersPerBlock,
                         int normNumGroups, double normEps, boolean useLinearProjection, SkipConnections skipConnections) {
        public Config {
            if (blockOutChannels == null || blockOutChannels.length == 0) throw new IllegalArgumentException("UNet: blockOutChannels must name at least one level");
            if (crossAttention == null || crossAttention.length != blockOutChannels.length) {
                throw new IllegalArgumentException("UNet: crossAttention needs one flag per level (" + blockOutChannels.length + ")");
            }
            if (inChannels < 1 || outChannels < 1 || layersPerBlock < 1 || attentionHeads < 1 || transformerLayersPerBlock < 1 || normNumGroups < 1) {
                throw new IllegalArgumentException("UNet: channel, layer, head and group counts must be positive");
            }
            for (int c : blockOutChannels) {
                if (c % normNumGroups != 0) throw new IllegalArgumentException("UNet: level width " + c + " not divisible by " + normNumGroups + " groups");
                if (c % attentionHeads != 0) throw new IllegalArgumentException("UNet: level width " + c + " not divisible by " + attentionHeads + " heads");
            }
            if (sampleSize % (1 << (blockOutChannels.length - 1)) != 0) {
                throw new IllegalArgumentException("UNet: sample size " + sampleSize + " must be divisible by 2^(levels - 1) = " + (1 << (blockOutChannels.length - 1)));
            }
            if (skipConnections == null) throw new IllegalArgumentException("UNet: skipConnections must be given");
            blockOutChannels = blockOutChannels.clone();
            crossAttention = crossAttention.clone();
        }

        @Override
        public int[] blockOutChannels() {
            return blockOutChannels.clone();
        }

        @Override
        public boolean[] crossAttention() {
            return crossAttention.clone();
        }

        /** The width of the timestep embedding: 4 c_0 (diffusers' time_embed_dim). */
        public int timeEmbedDim() {
            return 4 * blockOutChannels[0];
        }

        /**
         * The benchmark suite's {@code unet} case (shared/bench/SUITE.md): 4 latent channels at 16x16, levels 64 (no
         * attention) and 128 (attention), one resnet per level, 4 heads, context width 64, 32 groups, PER_LEVEL skips;
         * 3,008,836 parameters.
         */
        public static Config benchmark() {
            return new Config(4, 4, 16, new int[]{64, 128}, new boolean[]{false, true}, 1, 4, 64, 1, 32, 1e-5, false,
                    SkipConnections.PER_LEVEL);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Config c && inChannels == c.inChannels && outChannels == c.outChannels && sampleSize == c.sampleSize
                    && Arrays.equals(blockOutChannels, c.blockOutChannels) && Arrays.equals(crossAttention, c.crossAttention)
                    && layersPerBlock == c.layersPerBlock && attentionHeads == c.attentionHeads && crossAttentionDim == c.crossAttentionDim
                    && transformerLayersPerBlock == c.transformerLayersPerBlock && normNumGroups == c.normNumGroups
                    && Double.compare(normEps, c.normEps) == 0 && useLinearProjection == c.useLinearProjection
                    && skipConnections == c.skipConnections;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(blockOutChannels) * 31 + Arrays.hashCode(crossAttention) * 17 + crossAttentionDim;
        }

        @Override
        public String toString() {
            return "UNet2DConditionModel.Config[in=" + inChannels + ", out=" + outChannels + ", size=" + sampleSize + ", channels="
                    + Arrays.toString(blockOutChannels) + ", crossAttention=" + Arrays.toString(crossAttention) + ", layers=" + layersPerBlock
                    + ", heads=" + attentionHeads + ", context=" + crossAttentionDim + ", skips=" + skipConnections + "]";
        }
    }

    public final Config config;
    public final SinusoidalTimestepEmbedding timeProj;
    public final TimestepEmbedding timeEmbedding;
    public final Conv2d convIn, convOut;
    public final ModuleList<UNetDownBlock> downBlocks;
    public final UNetMidBlock midBlock;
    public final ModuleList<UNetUpBlock> upBlocks;
    public final GroupNorm convNormOut;

    public UNet2DConditionModel(Config c) {
        this.config = c;
        int[] ch = c.blockOutChannels;
        int levels = ch.length, temb = c.timeEmbedDim();
        boolean every = c.skipConnections == SkipConnections.EVERY_LAYER;
        ResnetBlock2D.Options ro = ResnetBlock2D.options().groups(c.normNumGroups).eps(c.normEps);
        this.timeProj = register("time_proj", new SinusoidalTimestepEmbedding(ch[0],
                SinusoidalTimestepEmbedding.options().flipSinToCos(true).downscaleFreqShift(0)));
        this.timeEmbedding = register("time_embedding", new TimestepEmbedding(ch[0], temb));
        this.convIn = register("conv_in", new Conv2d(c.inChannels, ch[0], 3, Conv2d.options().padding(1)));

        Deque<Integer> skipChannels = new ArrayDeque<>();
        if (every) skipChannels.push(ch[0]);
        this.downBlocks = register("down_blocks", new ModuleList<>());
        int prev = ch[0];
        for (int i = 0; i < levels; i++) {
            int out = ch[i];
            List<ResnetBlock2D> resnets = new ArrayList<>();
            List<Module> attentions = new ArrayList<>();
            for (int j = 0; j < c.layersPerBlock; j++) {
                resnets.add(new ResnetBlock2D(j == 0 ? prev : out, out, temb, ro));
                if (c.crossAttention[i]) attentions.add(transformer(c, out));
                if (every) skipChannels.push(out);
            }
            boolean last = i == levels - 1;
            if (!every) skipChannels.push(out);
            if (every && !last) skipChannels.push(out);
            downBlocks.add(new UNetDownBlock(resnets, attentions, last ? null : new Downsample2D(out, out, 1)));
            prev = out;
        }

        int deepest = ch[levels - 1];
        this.midBlock = register("mid_block", new UNetMidBlock(
                List.of(new ResnetBlock2D(deepest, deepest, temb, ro), new ResnetBlock2D(deepest, deepest, temb, ro)),
                List.of(transformer(c, deepest))));

        this.upBlocks = register("up_blocks", new ModuleList<>());
        int prevOut = deepest;
        for (int i = 0; i < levels; i++) {
            int level = levels - 1 - i, out = ch[level];
            int count = every ? c.layersPerBlock + 1 : c.layersPerBlock;
            List<ResnetBlock2D> resnets = new ArrayList<>();
            List<Module> attentions = new ArrayList<>();
            boolean[] takes = new boolean[count];
            for (int j = 0; j < count; j++) {
                takes[j] = every || j == 0;
                int in = (j == 0 ? prevOut : out) + (takes[j] ? skipChannels.pop() : 0);
                resnets.add(new ResnetBlock2D(in, out, temb, ro));
                if (c.crossAttention[level]) attentions.add(transformer(c, out));
            }
            upBlocks.add(new UNetUpBlock(resnets, takes, attentions, level == 0 ? null : new Upsample2D(out, out)));
            prevOut = out;
        }
        if (!skipChannels.isEmpty()) throw new IllegalStateException("UNet construction left skip states unused: " + skipChannels);
        this.convNormOut = register("conv_norm_out", new GroupNorm(c.normNumGroups, ch[0], c.normEps));
        this.convOut = register("conv_out", new Conv2d(ch[0], c.outChannels, 3, Conv2d.options().padding(1)));
    }

    private static Transformer2DModel transformer(Config c, int channels) {
        return new Transformer2DModel(channels, c.attentionHeads, c.crossAttentionDim, c.transformerLayersPerBlock, c.normNumGroups,
                c.useLinearProjection);
    }

    /**
     * The prediction (noise, or velocity) for noisy latents x_t [B, C, h, w] at integer timesteps [B] (or one for every
     * row) given the text states [B, M, crossAttentionDim] (null only for a model without cross-attention).
     */
    public Tensor call(Tensor sample, long[] timesteps, Tensor context) {
        long b = sample.size(0);
        long[] t = timesteps;
        if (t.length == 1 && b > 1) {
            t = new long[(int) b];
            Arrays.fill(t, timesteps[0]);
        }
        if (t.length != b) throw new IllegalArgumentException("UNet: " + timesteps.length + " timesteps for a batch of " + b);
        return call(sample, Nd4j.createFromArray(t), context);
    }

    /** The same with timesteps as an array [B] of any numeric type (fractional timesteps allowed). */
    public Tensor call(Tensor sample, INDArray timesteps, Tensor context) {
        if (sample.dim() != 4 || sample.size(1) != config.inChannels) {
            throw new IllegalArgumentException("UNet: expected latents [B, " + config.inChannels + ", h, w], got " + Arrays.toString(sample.shape()));
        }
        if (context != null && (context.dim() != 3 || context.size(0) != sample.size(0) || context.size(2) != config.crossAttentionDim)) {
            throw new IllegalArgumentException("UNet: expected context [" + sample.size(0) + ", M, " + config.crossAttentionDim + "], got "
                    + Arrays.toString(context.shape()));
        }
        Tensor e = Tensor.of(timeProj.embed(timesteps).castTo(sample.dataType()));                 // [B, c0]
        Tensor temb = timeEmbedding.call(e);                                                       // [B, 4 c0]
        Tensor h = convIn.call(sample);                                                            // [B, c0, h, w]
        Deque<Tensor> skips = new ArrayDeque<>();
        if (config.skipConnections == SkipConnections.EVERY_LAYER) skips.addLast(h);
        for (UNetDownBlock down : downBlocks) {
            UNetDownBlock.Output o = down.call(h, temb, context, config.skipConnections);
            h = o.hidden();
            o.skips().forEach(skips::addLast);
        }
        h = midBlock.call(h, temb, context);                                                       // [B, c_last, h', w']
        for (UNetUpBlock up : upBlocks) h = up.call(h, skips, temb, context);                      // up to [B, c0, h, w]
        h = convOut.call(Activations.silu(convNormOut.call(h)));                                   // [B, out, h, w]
        return hooked(h);
    }

    @Override
    protected Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("UNet2DConditionModel takes latents, timesteps and a context: call(x, t, context)");
    }

    @Override
    protected String extraRepr() {
        return config.toString();
    }
}
