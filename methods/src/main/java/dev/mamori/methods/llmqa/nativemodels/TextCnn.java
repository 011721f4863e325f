package dev.mamori.methods.llmqa.nativemodels;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Dropout;
import dev.mamori.nn.layers.Embedding;
import dev.mamori.nn.layers.Linear;

import java.util.ArrayList;
import java.util.List;

/**
 * TextCNN (Kim 2014): word embeddings, convolutions over time of widths 3, 4 and 5, max-pooled and concatenated,
 * dropout, a linear layer to the three sentiment labels. Input token ids [B, T] (T >= 5, padded), output logits [B, 3].
 */
public final class TextCnn extends Module {
    public static final int[] WIDTHS = {3, 4, 5};
    public final Embedding embed;
    public final List<ConvOverTime> convs = new ArrayList<>();
    public final Dropout dropout;
    public final Linear head;

    public TextCnn(int vocabulary, int dim, int filters, double dropoutRate) {
        this.embed = register("embed", new Embedding(vocabulary, dim));
        for (int w : WIDTHS) convs.add(register("conv" + w, new ConvOverTime(dim, w, filters)));
        this.dropout = register("dropout", new Dropout(dropoutRate));
        this.head = register("head", new Linear((long) filters * WIDTHS.length, 3));
    }

    @Override
    protected Tensor forward(Tensor ids) {
        Tensor x = embed.call(ids);                          // [B, T, D]
        List<Tensor> pooled = new ArrayList<>();
        for (ConvOverTime c : convs) pooled.add(c.call(x));  // each [B, F]
        return head.call(dropout.call(Tensor.cat(pooled, 1))); // [B, 3]
    }
}
