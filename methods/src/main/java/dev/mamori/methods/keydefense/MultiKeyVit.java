package dev.mamori.methods.keydefense;

import dev.mamori.autograd.Tensor;
import dev.mamori.models.VisionTransformer;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.LayerNorm;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.ModuleList;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link MultiKeyClassifier} on a ViT backbone. Names: {@code cls_token}, {@code pos_embed}, {@code blocks.*},
 * {@code norm.*} (backbone, as in timm), {@code embeds.i.proj.*}, {@code heads.i.*}.
 */
public final class MultiKeyVit extends MultiKeyClassifier {
    private final VisionTransformer.Config config;
    private final Tensor clsToken, posEmbed;
    private final ModuleList<VisionTransformer.Block> blocks;
    private final LayerNorm norm;

    /**
     * Takes over {@code backbone}'s blocks and final norm (do not use {@code backbone} elsewhere afterwards) and copies
     * its class token and position embedding; every slot starts from a copy of its patch embedding (with the slot's key
     * absorbed when {@code absorbKeys} and the key allows it) and of its head. The backbone must take [0, 1] pixels (fold a
     * normalization first: {@link KeyAbsorption#foldNormalization}).
     */
    public MultiKeyVit(VisionTransformer backbone, List<TransformChain> keys, boolean absorbKeys) {
        super(backbone.numClasses(), backbone.inChannels(), backbone.imageSize(), keys);
        VisionTransformer.Config c = backbone.config;
        this.config = c;
        this.clsToken = backbone.clsToken == null ? null : registerParameter("cls_token", backbone.clsToken.value().dup());
        this.posEmbed = backbone.posEmbed == null ? null : registerParameter("pos_embed", backbone.posEmbed.value().dup());
        this.blocks = register("blocks", backbone.blocks);
        this.norm = register("norm", backbone.norm);
        List<Module> embeddings = new ArrayList<>();
        List<Linear> slotHeads = new ArrayList<>();
        for (TransformChain key : keys) {
            VisionTransformer.PatchEmbed pe = new VisionTransformer.PatchEmbed(c.inChannels(), c.embedDim(), c.patchSize());
            pe.proj.loadStateDict(ModelSpec.copyState(backbone.patchEmbed.proj.stateDict()), true);
            if (absorbKeys && key.isAbsorbable()) KeyAbsorption.absorbInto(pe.proj, key);
            embeddings.add(pe);
            Linear head = new Linear(c.embedDim(), c.numClasses());
            head.loadStateDict(ModelSpec.copyState(backbone.head.stateDict()), true);
            slotHeads.add(head);
        }
        registerSlots(embeddings, slotHeads);
    }

    public VisionTransformer.Config config() {
        return config;
    }

    @Override
    protected Tensor embed(Module embedding, Tensor transformedImages) {
        return embedding.call(transformedImages);
    }

    /** Mirrors VisionTransformer.encode and pool (class token, position embedding, blocks, norm, pooling). */
    @Override
    protected Tensor features(Tensor tokens) {
        Tensor x = tokens;
        long b = x.size(0);
        if (clsToken != null) x = Tensor.cat(List.of(clsToken.expand(b, 1, config.embedDim()), x), 1);
        if (posEmbed != null) x = x.add(posEmbed);
        // no position dropout: the backbone is frozen and always in eval mode
        for (VisionTransformer.Block blk : blocks) x = blk.call(x);
        x = norm.call(x);
        if (config.globalPool().equals("token")) return x.select(1, 0);
        long start = clsToken != null ? 1 : 0;
        return x.slice(1, start, x.size(1)).mean(false, 1);
    }

    @Override
    public ModelSpec architecture() {
        return ModelSpec.ofConfig("vit", config);
    }
}
