package dev.mamori.eval.bench.samediff;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The suite's ViT (456,394 parameters): patch 4 (conv 1->96), cls token, learned position embedding (50 x 96), 6
 * pre-norm blocks (LayerNorm eps 1e-6, 4-head self-attention with packed qkv and bias, MLP 96->192->96 with exact
 * GELU), final LayerNorm, head on the cls token 96->10. Tokens stay a 2-D [batch * 50, 96] matrix for the linear
 * layers; attention is explicit matmul + softmax in timm's [batch, heads, tokens, head dim] layout.
 */
final class SdVisionTransformer implements SdArchitecture {
    private static final int DIM = 96, DEPTH = 6, HEADS = 4, MLP = 192, PATCH = 4;
    private static final int PATCHES = (IMAGE_SIZE / PATCH) * (IMAGE_SIZE / PATCH), TOKENS = PATCHES + 1;
    private static final double EPS = 1e-6;

    @Override
    public String caseName() {
        return "vit";
    }

    @Override
    public long expectedParameters() {
        return 456_394;
    }

    @Override
    public SDVariable logits(SdGraph g, SDVariable images, long batch) {
        SDVariable patches = g.conv2d("patch_embed", images, 1, DIM, PATCH, PATCH, 0, true).reshape(batch, PATCHES, DIM);
        SDVariable cls = g.parameter("cls_token", SdWeights.Init.constant(0), 1, 1, DIM);
        SDVariable pos = g.parameter("pos_embed", SdWeights.Init.normal(0.02), 1, TOKENS, DIM);
        SDVariable x = g.sd.concat(1, g.broadcast(cls, batch, 1, DIM), patches).add(pos).reshape(batch * TOKENS, DIM);
        for (int i = 0; i < DEPTH; i++) x = block(g, "blocks." + i, x, batch);
        SDVariable tokens = g.layerNorm("norm", x, batch * TOKENS, DIM, EPS).reshape(batch, TOKENS, DIM).rename(FEATURES);
        return g.linear("head", tokens.get(SDIndex.all(), SDIndex.point(0), SDIndex.all()), DIM, CLASSES);
    }

    private static SDVariable block(SdGraph g, String name, SDVariable x, long batch) {
        long rows = batch * TOKENS, headDim = DIM / HEADS;
        SDVariable qkv = g.linear(name + ".attn.qkv", g.layerNorm(name + ".norm1", x, rows, DIM, EPS), DIM, 3 * DIM)
                .reshape(batch, TOKENS, 3, HEADS, headDim).permute(2, 0, 3, 1, 4);
        SDVariable[] split = g.sd.unstack(qkv, 0, 3);
        // scaling q ([.., tokens, head dim]) is cheaper than scaling the [.., tokens, tokens] scores and equal to it
        SDVariable q = split[0].mul(1 / Math.sqrt(headDim)), k = split[1], v = split[2];
        SDVariable attention = g.sd.nn().softmax(g.sd.mmul(q, k, false, true, false), 3);
        SDVariable heads = g.sd.mmul(attention, v).permute(0, 2, 1, 3).reshape(rows, DIM);
        x = x.add(g.linear(name + ".attn.proj", heads, DIM, DIM));
        SDVariable hidden = g.geluExact(g.linear(name + ".mlp.fc1", g.layerNorm(name + ".norm2", x, rows, DIM, EPS), DIM, MLP));
        return x.add(g.linear(name + ".mlp.fc2", hidden, MLP, DIM));
    }
}
