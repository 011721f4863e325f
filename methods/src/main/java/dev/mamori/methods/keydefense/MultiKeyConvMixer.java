package dev.mamori.methods.keydefense;

import dev.mamori.autograd.Tensor;
import dev.mamori.models.ConvMixer;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.Sequential;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link MultiKeyClassifier} on a ConvMixer backbone. Names: {@code stem.2.*} (the stem's batch norm; {@code stem.1} is
 * its activation), {@code blocks.*} (backbone, as in timm), {@code embeds.i.weight/bias} (each slot's copy of
 * {@code stem.0}), {@code heads.i.*}.
 */
public final class MultiKeyConvMixer extends MultiKeyClassifier {
    private final ConvMixer.Config config;
    private final StemTail stem;
    private final Sequential blocks;

    /** What the stem does after the patch convolution: activation ("1") then batch norm ("2"), timm's indices. */
    static final class StemTail extends Module {
        private final Module act, norm;

        StemTail(Module act, Module norm) {
            this.act = register("1", act);
            this.norm = register("2", norm);
        }

        @Override
        protected Tensor forward(Tensor x) {
            return norm.call(act.call(x));
        }
    }

    /**
     * Takes over {@code backbone}'s stem activation and batch norm and its blocks (do not use {@code backbone} elsewhere
     * afterwards); every slot starts from a copy of its patch convolution (stem.0, with the slot's key absorbed when
     * {@code absorbKeys} and the key allows it) and of its head. The backbone must take [0, 1] pixels.
     */
    public MultiKeyConvMixer(ConvMixer backbone, List<TransformChain> keys, boolean absorbKeys) {
        super(backbone.numClasses(), backbone.inChannels(), backbone.imageSize(), keys);
        ConvMixer.Config c = backbone.config;
        this.config = c;
        this.stem = register("stem", new StemTail(backbone.stem.get(1), backbone.stem.get(2)));
        this.blocks = register("blocks", backbone.blocks);
        List<Module> embeddings = new ArrayList<>();
        List<Linear> slotHeads = new ArrayList<>();
        for (TransformChain key : keys) {
            Conv2d conv = new Conv2d(c.inChannels(), c.dim(), c.patchSize(), Conv2d.options().stride(c.patchSize()));
            conv.loadStateDict(ModelSpec.copyState(backbone.patchEmbedding().stateDict()), true);
            if (absorbKeys && key.isAbsorbable()) KeyAbsorption.absorbInto(conv, key);
            embeddings.add(conv);
            Linear head = new Linear(c.dim(), c.numClasses());
            head.loadStateDict(ModelSpec.copyState(backbone.head.stateDict()), true);
            slotHeads.add(head);
        }
        registerSlots(embeddings, slotHeads);
    }

    public ConvMixer.Config config() {
        return config;
    }

    @Override
    protected Tensor embed(Module embedding, Tensor transformedImages) {
        return embedding.call(transformedImages);
    }

    @Override
    protected Tensor features(Tensor patches) {
        return blocks.call(stem.call(patches)).mean(false, 2, 3);
    }

    @Override
    public ModelSpec architecture() {
        return ModelSpec.ofConfig("convmixer", config);
    }
}
