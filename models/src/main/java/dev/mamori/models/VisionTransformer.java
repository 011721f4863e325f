package dev.mamori.models;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.Dropout;
import dev.mamori.nn.layers.LayerNorm;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.Mlp;
import dev.mamori.nn.layers.ModuleList;
import dev.mamori.nn.layers.SelfAttention;

import java.util.List;

/**
 * Vision Transformer (Dosovitskiy et al.) with timm's structure and parameter names, so a timm state_dict saved as
 * safetensors loads as is: patch_embed.proj, cls_token, pos_embed, blocks.i.{norm1, attn.qkv, attn.proj, norm2,
 * mlp.fc1, mlp.fc2}, norm, head.
 *
 * <p>The forward pass is split into stages, as timm's forward_features / forward_head: {@link #embedPatches} (images
 * to patch tokens), {@link #encode} (class token, position embedding, blocks, final norm), {@link #pool} and
 * {@link #classify}. As a {@link PatchEmbeddedModel} its patch embedding is {@code patch_embed} (convolution
 * {@code patch_embed.proj}) and the backbone between embedding and head is encode then pool.
 */
public class VisionTransformer extends Classifier implements PatchEmbeddedModel {
    /** LoRA targets: the attention (qkv, proj) and MLP (fc1, fc2) projections of every block, in timm's names. */
    public static final List<String> ADAPTER_TARGETS = List.of("blocks.*.attn.qkv", "blocks.*.attn.proj", "blocks.*.mlp.fc1", "blocks.*.mlp.fc2");

    /** Configuration, with timm's defaults where it has them. */
    public record Config(int imageSize, int patchSize, int inChannels, int numClasses, int embedDim, int depth,
                         int heads, double mlpRatio, boolean qkvBias, double layerNormEps, boolean classToken,
                         boolean positionEmbedding, String globalPool, double dropRate) {
        public Config {
            if (imageSize % patchSize != 0) throw new IllegalArgumentException("image size " + imageSize + " not divisible by patch " + patchSize);
            if (!List.of("token", "avg").contains(globalPool)) throw new IllegalArgumentException("globalPool must be token or avg");
            if (globalPool.equals("token") && !classToken) throw new IllegalArgumentException("globalPool 'token' needs a class token");
        }

        public static Config of(int imageSize, int patchSize, int inChannels, int numClasses, int embedDim, int depth, int heads, double mlpRatio) {
            return new Config(imageSize, patchSize, inChannels, numClasses, embedDim, depth, heads, mlpRatio, true, 1e-6, true, true, "token", 0.0);
        }

        public int numPatches() {
            return (imageSize / patchSize) * (imageSize / patchSize);
        }

        public Config withNumClasses(int n) {
            return new Config(imageSize, patchSize, inChannels, n, embedDim, depth, heads, mlpRatio, qkvBias, layerNormEps, classToken, positionEmbedding, globalPool, dropRate);
        }

        public Config withoutPositionEmbedding() {
            return new Config(imageSize, patchSize, inChannels, numClasses, embedDim, depth, heads, mlpRatio, qkvBias, layerNormEps, classToken, false, globalPool, dropRate);
        }
    }

    /** One pre-norm transformer block: x + attn(norm1(x)), then x + mlp(norm2(x)). */
    public static class Block extends Module {
        public final LayerNorm norm1, norm2;
        public final SelfAttention attn;
        public final Mlp mlp;

        public Block(int dim, int heads, double mlpRatio, boolean qkvBias, double eps, double drop) {
            this.norm1 = register("norm1", new LayerNorm(dim, eps));
            this.attn = register("attn", new SelfAttention(dim, heads, qkvBias, 0.0, drop));
            this.norm2 = register("norm2", new LayerNorm(dim, eps));
            this.mlp = register("mlp", new Mlp(dim, (long) (dim * mlpRatio), dim, dev.mamori.nn.layers.Activation.gelu(), drop));
        }

        @Override
        protected Tensor forward(Tensor x) {
            x = x.add(attn.call(norm1.call(x)));
            return x.add(mlp.call(norm2.call(x)));
        }
    }

    /** The patch embedding: a convolution with kernel = stride = patch size, named patch_embed.proj. */
    public static class PatchEmbed extends Module {
        public final Conv2d proj;

        public PatchEmbed(int inChannels, int embedDim, int patchSize) {
            this.proj = register("proj", new Conv2d(inChannels, embedDim, patchSize, Conv2d.options().stride(patchSize)));
        }

        /** [B, C, H, W] -> [B, N, D] tokens in row-major patch order. */
        @Override
        protected Tensor forward(Tensor x) {
            Tensor y = proj.call(x); // [B, D, h, w]
            return y.flatten(2).transpose(1, 2);
        }
    }

    public final Config config;
    public final PatchEmbed patchEmbed;
    public final Tensor clsToken, posEmbed;
    public final ModuleList<Block> blocks;
    public final LayerNorm norm;
    public final Linear head;
    private final Dropout posDrop;

    public VisionTransformer(Config c) {
        super(c.numClasses(), c.inChannels(), c.imageSize());
        this.config = c;
        this.patchEmbed = register("patch_embed", new PatchEmbed(c.inChannels(), c.embedDim(), c.patchSize()));
        this.clsToken = c.classToken() ? registerParameter("cls_token", Init.zeros(1, 1, c.embedDim())) : null;
        int tokens = c.numPatches() + (c.classToken() ? 1 : 0);
        this.posEmbed = c.positionEmbedding() ? registerParameter("pos_embed", Init.truncNormal(0.02, -2, 2, 1, tokens, c.embedDim())) : null;
        this.posDrop = c.dropRate() > 0 ? register("pos_drop", new Dropout(c.dropRate())) : null;
        this.blocks = register("blocks", new ModuleList<>());
        for (int i = 0; i < c.depth(); i++) {
            blocks.add(new Block(c.embedDim(), c.heads(), c.mlpRatio(), c.qkvBias(), c.layerNormEps(), c.dropRate()));
        }
        this.norm = register("norm", new LayerNorm(c.embedDim(), c.layerNormEps()));
        this.head = register("head", new Linear(c.embedDim(), c.numClasses()));
    }

    /** Images [B, C, H, W] to patch tokens [B, N, D]. */
    public Tensor embedPatches(Tensor images) {
        return patchEmbed.call(images);
    }

    /** Patch tokens [B, N, D] to encoded tokens [B, N(+1), D]: class token, position embedding, blocks, norm. */
    public Tensor encode(Tensor patchTokens) {
        Tensor x = patchTokens;
        long b = x.size(0);
        if (clsToken != null) x = Tensor.cat(List.of(clsToken.expand(b, 1, config.embedDim()), x), 1);
        if (posEmbed != null) x = x.add(posEmbed);
        if (posDrop != null) x = posDrop.call(x);
        for (Block blk : blocks) x = blk.call(x);
        return norm.call(x);
    }

    /** The class token (globalPool "token") or the mean of the patch tokens ("avg"). */
    public Tensor pool(Tensor encoded) {
        if (config.globalPool().equals("token")) return encoded.select(1, 0);
        long start = clsToken != null ? 1 : 0;
        return encoded.slice(1, start, encoded.size(1)).mean(false, 1);
    }

    /** Pooled features [B, D] to logits [B, classes]. */
    public Tensor classify(Tensor pooled) {
        return head.call(pooled);
    }

    // ------------------------------------------------------------------ PatchEmbeddedModel

    @Override
    public Classifier asClassifier() {
        return this;
    }

    @Override
    public int patchSize() {
        return config.patchSize();
    }

    @Override
    public int embedDim() {
        return config.embedDim();
    }

    @Override
    public PatchEmbed patchEmbedding() {
        return patchEmbed;
    }

    @Override
    public String patchEmbeddingPath() {
        return "patch_embed";
    }

    @Override
    public String patchProjectionPath() {
        return "patch_embed.proj";
    }

    @Override
    public PatchEmbed newPatchEmbedding() {
        return new PatchEmbed(config.inChannels(), config.embedDim(), config.patchSize());
    }

    /** Patch tokens [B, N, D] to pooled features [B, D] (encode, then pool). */
    @Override
    public Tensor featuresFromEmbedding(Tensor patchTokens) {
        return pool(encode(patchTokens));
    }

    @Override
    public Linear head() {
        return head;
    }

    @Override
    public String headPath() {
        return "head";
    }

    @Override
    public List<String> adapterTargets() {
        return ADAPTER_TARGETS;
    }

    @Override
    protected Tensor forward(Tensor images) {
        return classify(pool(encode(embedPatches(images))));
    }

    @Override
    protected String extraRepr() {
        return "img=" + config.imageSize() + ", patch=" + config.patchSize() + ", dim=" + config.embedDim() + ", depth="
                + config.depth() + ", heads=" + config.heads() + ", classes=" + config.numClasses();
    }
}
