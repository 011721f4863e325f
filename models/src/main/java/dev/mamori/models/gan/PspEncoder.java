package dev.mamori.models.gan;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Activations;
import dev.mamori.autograd.ops.Pooling;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.ModuleList;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A pixel2style2pixel-style encoder into W+ (Richardson et al. 2021, "Encoding in Style", arXiv 2008.00951, section 3):
 * a feature pyramid (a stem and three stride-2 stages give maps at 1/2, 1/4 and 1/8 of the input), and one
 * map-to-style head per synthesis layer, each reading one pyramid level: the coarse styles (the first third of the
 * layers) from the deepest map, the middle ones from the middle map, the fine ones from the shallowest, as pSp's
 * GradualStyleEncoder does. A head pools its map to 4x4 (keeping where things are, which a global pool would lose),
 * flattens it and maps it linearly to w. Like pSp the result is an offset from the generator's mean latent w_avg,
 * given at call time. The input need not be an image of the generator's size or kind: an encrypted image (grayscale
 * EtC stacks the colour planes into one wider gray image) is fine; its shape is fixed by the config.
 */
public final class PspEncoder extends Module {
    /**
     * @param inChannels input channels
     * @param inHeight   input height (>= 8)
     * @param inWidth    input width (>= 8)
     * @param width      channels of the pyramid's first level (doubled at the deepest)
     * @param numWs      styles produced (the generator's numWs)
     * @param wDim       style size (the generator's w_dim)
     */
    public record Config(int inChannels, int inHeight, int inWidth, int width, int numWs, int wDim) {
        public Config {
            if (inChannels < 1 || inHeight < 8 || inWidth < 8 || width < 1 || numWs < 3 || wDim < 1) {
                throw new IllegalArgumentException("pSp encoder: channels, width, w_dim must be positive, the input at least 8x8 and numWs >= 3; got "
                        + inChannels + "x" + inHeight + "x" + inWidth + ", width " + width + ", numWs " + numWs + ", w_dim " + wDim);
            }
        }

        /** An encoder for images of this generator's own shape. */
        public static Config forGenerator(StyleGanConfig g, int width) {
            return new Config(g.imageChannels(), g.resolution(), g.resolution(), width, g.numWs(), g.wDim());
        }
    }

    private static final int POOLED = 4;
    private final Config config;
    public final Conv2d stem;
    public final ModuleList<Conv2d> stages;
    public final ModuleList<Linear> styles;
    private final int[] levelOfStyle;

    public PspEncoder(Config c) {
        this.config = c;
        int w = c.width();
        int[] levelWidth = {w, w, 2 * w};                                                  // 1/2, 1/4, 1/8 of the input
        this.stem = register("stem", new Conv2d(c.inChannels(), w, 3, Conv2d.options().padding(1)));
        this.stages = register("stages", new ModuleList<>());
        int in = w;
        for (int lw : levelWidth) {
            stages.add(new Conv2d(in, lw, 3, Conv2d.options().padding(1).stride(2)));
            stages.add(new Conv2d(lw, lw, 3, Conv2d.options().padding(1)));
            in = lw;
        }
        this.styles = register("styles", new ModuleList<>());
        this.levelOfStyle = new int[c.numWs()];
        int coarse = c.numWs() / 3, middle = 2 * c.numWs() / 3;
        for (int i = 0; i < c.numWs(); i++) {
            levelOfStyle[i] = i < coarse ? 2 : i < middle ? 1 : 0;                         // coarse styles from the deepest map
            styles.add(new Linear((long) levelWidth[levelOfStyle[i]] * POOLED * POOLED, c.wDim()));
        }
    }

    public Config config() {
        return config;
    }

    /** x [B, C, H, W] -> offsets [B, numWs, w_dim] from the mean latent. */
    @Override
    protected Tensor forward(Tensor x) {
        if (x.dim() != 4 || x.size(1) != config.inChannels() || x.size(2) != config.inHeight() || x.size(3) != config.inWidth()) {
            throw new IllegalArgumentException("pSp encoder was built for " + config.inChannels() + "x" + config.inHeight() + "x" + config.inWidth()
                    + " inputs [B, C, H, W], got " + Arrays.toString(x.shape()));
        }
        Tensor h = lrelu(stem.call(x));                                                   // [B, w, H, W]
        List<Tensor> pyramid = new ArrayList<>();
        for (int s = 0; s < stages.size(); s += 2) {
            h = lrelu(stages.get(s + 1).call(lrelu(stages.get(s).call(h))));             // [B, w_l, H/2^l, W/2^l]
            pyramid.add(h);
        }
        List<Tensor> pooled = new ArrayList<>();
        for (Tensor p : pyramid) pooled.add(Pooling.adaptiveAvgPool2d(p, POOLED, POOLED).flatten(1));   // [B, w_l * 16]
        List<Tensor> rows = new ArrayList<>();
        for (int i = 0; i < config.numWs(); i++) rows.add(styles.get(i).call(pooled.get(levelOfStyle[i])).unsqueeze(1)); // [B, 1, w_dim]
        return Tensor.cat(rows, 1);                                                       // [B, numWs, w_dim]
    }

    /** Styles for the synthesis network: w_avg [w_dim] + the encoded offsets, [B, numWs, w_dim]. */
    public Tensor encode(Tensor x, INDArray wAvg) {
        return aroundMean(call(x), wAvg);
    }

    /** w_avg [w_dim] + offsets [B, numWs, w_dim]. */
    public Tensor aroundMean(Tensor delta, INDArray wAvg) {
        return delta.add(Tensor.of(wAvg.castTo(delta.dataType()).reshape(1, 1, config.wDim())));
    }

    private static Tensor lrelu(Tensor t) {
        return Activations.leakyRelu(t, SynthesisLayer.LEAKY_SLOPE);
    }
}
