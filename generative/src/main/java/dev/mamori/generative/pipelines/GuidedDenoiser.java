package dev.mamori.generative.pipelines;

import dev.mamori.autograd.Tensor;
import dev.mamori.generative.schedulers.ClassifierFreeGuidance;
import dev.mamori.models.diffusion.UNet2DConditionModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * One UNet evaluation under classifier-free guidance (Ho & Salimans 2022, arXiv 2207.12598): with scale 1 the
 * conditional prediction alone (one pass), otherwise one batched pass over [unconditional; conditional] rows (the
 * order of diffusers' pipelines) combined as uncond + s (cond - uncond).
 */
public final class GuidedDenoiser {
    private final UNet2DConditionModel unet;
    private final INDArray unconditional;

    /** {@code unconditional}: the empty prompt's text states [1, L, D]. */
    public GuidedDenoiser(UNet2DConditionModel unet, INDArray unconditional) {
        if (unconditional.rank() != 3 || unconditional.size(0) != 1) throw new IllegalArgumentException("unconditional context must be [1, L, D]");
        this.unet = unet;
        this.unconditional = unconditional;
    }

    /** The guided model output for latents x [B, C, h, w] at timestep t, prompts' states [B, L, D]. */
    public Tensor predict(Tensor x, long t, INDArray conditional, double scale) {
        return predict(x, null, t, conditional, scale);
    }

    /**
     * The same for a UNet with extra input channels: the spatial condition [B, k, h, w] (null: none) is concatenated
     * to x in both the unconditional and the conditional pass (guidance is over the text only).
     */
    public Tensor predict(Tensor x, INDArray spatial, long t, INDArray conditional, double scale) {
        if (spatial != null) {
            if (spatial.rank() != 4 || spatial.size(0) != x.size(0) || spatial.size(2) != x.size(2) || spatial.size(3) != x.size(3)) {
                throw new IllegalArgumentException("spatial condition must be [" + x.size(0) + ", k, " + x.size(2) + ", " + x.size(3) + "], got "
                        + java.util.Arrays.toString(spatial.shape()));
            }
            x = Tensor.cat(List.of(x, Tensor.of(spatial.castTo(x.dataType()))), 1);                   // [B, C + k, h, w]
        }
        long b = x.size(0);
        if (scale == 1) return unet.call(x, new long[]{t}, Tensor.of(conditional));
        INDArray[] copies = new INDArray[(int) b];
        java.util.Arrays.fill(copies, unconditional);
        INDArray uncond = Nd4j.concat(0, copies);                                     // [B, L, D]
        Tensor both = unet.call(Tensor.cat(List.of(x, x), 0), new long[]{t}, Tensor.of(Nd4j.concat(0, uncond, conditional)));
        return ClassifierFreeGuidance.combineHalves(both, scale);
    }
}
