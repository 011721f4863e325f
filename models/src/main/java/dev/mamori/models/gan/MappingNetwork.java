package dev.mamori.models.gan;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Activations;
import dev.mamori.nn.Buffer;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Linear;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * StyleGAN's mapping network (Karras et al. 2019, arXiv 1812.04948, section 2): z is normalized to unit second moment
 * (z * rsqrt(mean(z^2) + 1e-8)), then {@code mappingLayers} x [Linear, leaky ReLU 0.2] give w. It keeps the running mean
 * of w seen in training ({@code w_avg}, a persistent buffer) for the truncation trick (section 3 of arXiv 1912.04958 and
 * stylegan2-ada): w' = w_avg + psi (w - w_avg), so psi 1 leaves w as is and psi 0 maps every z to w_avg.
 */
public final class MappingNetwork extends Module {
    private final StyleGanConfig config;
    private final Linear[] layers;
    private final Buffer wAvg;

    public MappingNetwork(StyleGanConfig config) {
        this.config = config;
        this.layers = new Linear[config.mappingLayers()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = register("fc" + i, new Linear(i == 0 ? config.zDim() : config.wDim(), config.wDim()));
        }
        this.wAvg = registerBuffer("w_avg", Nd4j.zeros(DataType.FLOAT, config.wDim()));
    }

    /** z [B, z_dim] -> w [B, w_dim], without truncation. */
    @Override
    protected Tensor forward(Tensor z) {
        if (z.dim() != 2 || z.size(1) != config.zDim()) {
            throw new IllegalArgumentException("mapping network: z must be [B, " + config.zDim() + "], got " + java.util.Arrays.toString(z.shape()));
        }
        Tensor x = z.mul(z.square().mean(true, 1).add(1e-8).pow(-0.5));           // [B, z_dim], unit second moment
        for (Linear fc : layers) x = Activations.leakyRelu(fc.call(x), SynthesisLayer.LEAKY_SLOPE);
        return x;                                                                 // [B, w_dim]
    }

    /** w_avg + psi (w - w_avg): w [B, w_dim] -> [B, w_dim]. */
    public Tensor truncate(Tensor w, double psi) {
        if (psi == 1) return w;
        Tensor avg = Tensor.of(wAvg.value().castTo(w.dataType()).reshape(1, config.wDim()));
        return avg.add(w.sub(avg).mul(psi));
    }

    /** Moves w_avg toward the batch mean of w [B, w_dim]: w_avg = beta w_avg + (1 - beta) mean(w) (training only). */
    public void trackAverage(INDArray w) {
        // in place: the buffer outlives the training step's memory workspace that w and its mean live in
        wAvg.value().muli(config.wAvgBeta()).addi(w.mean(0).castTo(DataType.FLOAT).muli(1 - config.wAvgBeta()));
    }

    /** The running mean of w [w_dim] (a copy). */
    public INDArray averageW() {
        return wAvg.value().dup();
    }
}
