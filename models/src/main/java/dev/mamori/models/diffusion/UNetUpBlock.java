package dev.mamori.models.diffusion;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.ModuleList;
import dev.mamori.nn.layers.ResnetBlock2D;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One resolution level on the way up (diffusers' UpBlock2D, CrossAttnUpBlock2D and the VAE's UpDecoderBlock2D):
 * {@code resnets.i}, each optionally taking a skip state concatenated on the channels first (the last one kept on the
 * way down, popped from the stack) and followed by {@code attentions.i} when the level attends, then
 * {@code upsamplers.0} unless it is the last level.
 */
public class UNetUpBlock extends Module {
    public final ModuleList<ResnetBlock2D> resnets;
    public final ModuleList<Module> attentions;
    public final ModuleList<Upsample2D> upsamplers;
    private final boolean[] takesSkip;

    /**
     * @param takesSkip  per resnet, whether it concatenates a skip state to its input
     * @param attentions one attention per resnet (each a {@link SpatialAttention}), or empty
     * @param upsample   the upsampler, or null at the last level
     */
    public UNetUpBlock(List<ResnetBlock2D> resnets, boolean[] takesSkip, List<? extends Module> attentions, Upsample2D upsample) {
        if (takesSkip.length != resnets.size()) throw new IllegalArgumentException("one skip flag per resnet expected");
        if (!attentions.isEmpty() && attentions.size() != resnets.size()) {
            throw new IllegalArgumentException("an up block needs one attention per resnet or none, got " + attentions.size() + " for " + resnets.size());
        }
        this.takesSkip = takesSkip.clone();
        this.resnets = register("resnets", new ModuleList<>(resnets));
        this.attentions = attentions.isEmpty() ? null : register("attentions", new ModuleList<>(new ArrayList<>(attentions)));
        this.upsamplers = upsample == null ? null : register("upsamplers", new ModuleList<>(List.of(upsample)));
    }

    /** How many skip states the block consumes. */
    public int skipsConsumed() {
        int n = 0;
        for (boolean b : takesSkip) if (b) n++;
        return n;
    }

    /** x [B, C, H, W]; skips: the down path's states, the most recent last (popped from the end). */
    public Tensor call(Tensor x, Deque<Tensor> skips, Tensor temb, Tensor context) {
        Tensor h = x;
        for (int i = 0; i < resnets.size(); i++) {
            if (takesSkip[i]) {
                if (skips.isEmpty()) throw new IllegalStateException("up block ran out of skip states at resnet " + i);
                h = Tensor.cat(List.of(h, skips.removeLast()), 1);                     // [B, C + C_skip, H, W]
            }
            h = resnets.get(i).call(h, temb);                                          // [B, out, H, W]
            if (attentions != null) h = ((SpatialAttention) attentions.get(i)).call(h, context);
        }
        if (upsamplers != null) h = upsamplers.get(0).call(h);                         // [B, out, 2H, 2W]
        return h;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return call(x, new java.util.ArrayDeque<>(), null, null);
    }
}
