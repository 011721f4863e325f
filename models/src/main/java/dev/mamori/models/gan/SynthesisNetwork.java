package dev.mamori.models.gan;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.layers.ModuleList;

import java.util.Arrays;
import java.util.List;

/**
 * StyleGAN2's synthesis network with the skip architecture (arXiv 1912.04958, figure 7b): a learned constant input
 * [C0, 4, 4], then one {@link SynthesisBlock} per resolution level. It takes one style per layer, ws [B, numWs, w_dim]
 * (the W+ space of image-to-StyleGAN encoders): block i uses rows 2i and 2i+1 for its convolutions and row 2i+2 for its
 * ToRGB (shared with the next block's first convolution, as stylegan2-ada does).
 */
public final class SynthesisNetwork extends Module {
    private final StyleGanConfig config;
    public final Tensor constant;
    private final ModuleList<SynthesisBlock> blocks;

    public SynthesisNetwork(StyleGanConfig config) {
        this.config = config;
        int[] ch = config.generatorChannels();
        this.constant = registerParameter("const", Init.normal(0, 1, ch[0], 4, 4));
        this.blocks = register("blocks", new ModuleList<>());
        int in = ch[0];
        for (int i = 0; i < ch.length; i++) {
            SynthesisBlock b = new SynthesisBlock(in, ch[i], 4 << i, config.imageChannels(), config.wDim());
            blocks.add(b);
            in = ch[i];
        }
    }

    /** ws [B, numWs, w_dim] -> images [B, C, resolution, resolution] (roughly in [-1, 1] once trained). */
    public Tensor call(Tensor ws, NoiseInput noise) {
        if (ws.dim() != 3 || ws.size(1) != config.numWs() || ws.size(2) != config.wDim()) {
            throw new IllegalArgumentException("synthesis network: styles must be [B, " + config.numWs() + ", " + config.wDim()
                    + "] for this " + config.resolution() + "x" + config.resolution() + " generator, got " + Arrays.toString(ws.shape()));
        }
        long b = ws.size(0);
        int[] ch = config.generatorChannels();
        Tensor x = constant.unsqueeze(0).expand(b, ch[0], 4, 4);                         // [B, C0, 4, 4]
        Tensor img = null;
        for (int i = 0; i < blocks.size(); i++) {
            SynthesisBlock.Output o = blocks.get(i).call(x, img, ws.select(1, 2L * i), ws.select(1, 2L * i + 1), ws.select(1, 2L * i + 2), noise);
            x = o.features();
            img = o.image();
        }
        return hooked(img);                                                               // [B, C, R, R]
    }

    public List<SynthesisBlock> blocks() {
        return java.util.stream.StreamSupport.stream(blocks.spliterator(), false).toList();
    }
}
