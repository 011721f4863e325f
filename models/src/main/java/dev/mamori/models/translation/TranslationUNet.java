package dev.mamori.models.translation;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Activation;
import dev.mamori.nn.layers.BatchNorm2d;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.ConvTranspose2d;
import dev.mamori.nn.layers.ModuleList;
import dev.mamori.nn.layers.Pool2d;
import dev.mamori.nn.layers.Sequential;

import java.util.ArrayList;
import java.util.List;

/**
 * A small U-Net (Ronneberger, Fischer and Brox 2015) that maps images to images of the same height and width: the
 * learned inverse of an image transform (the inverse-translation baseline against image encryption,
 * docs/METHODS.md item 7). Per level a double convolution ({@code 3x3 conv, BN, ReLU} twice), 2 x 2 max pooling down,
 * a bottleneck, then per level a 2 x 2 transposed convolution up, the skip connection concatenated, a double
 * convolution; a 1 x 1 convolution to the output channels, then a sigmoid (outputs in [0, 1]) or nothing.
 * <pre>
 * x [B, Cin, H, W] -> down.0 (base) -> pool -> down.1 (2 base) -> pool ... -> mid (2^depth base)
 *   -> up.(depth-1) (upsample, cat skip, conv) ... -> up.0 -> out (1x1) -> [B, Cout, H, W]
 * </pre>
 * H and W must be divisible by 2^depth.
 */
public class TranslationUNet extends Module {

    /**
     * @param inChannels       channels of the input (an encrypted image: 2C for LE and ELE)
     * @param outChannels      channels of the output (the plain image's C)
     * @param baseChannels     channels of the first level (doubled per level)
     * @param depth            number of poolings
     * @param imageSize        the image height and width it is built for (divisible by 2^depth)
     * @param outputActivation {@code sigmoid} or {@code none}
     */
    public record Config(int inChannels, int outChannels, int baseChannels, int depth, int imageSize, String outputActivation) {
        public Config {
            if (inChannels < 1 || outChannels < 1 || baseChannels < 1 || depth < 0) throw new IllegalArgumentException("U-Net sizes must be positive");
            if (imageSize % (1 << depth) != 0) throw new IllegalArgumentException("image size " + imageSize + " is not divisible by 2^depth = " + (1 << depth));
            if (!outputActivation.equals("sigmoid") && !outputActivation.equals("none")) throw new IllegalArgumentException("outputActivation must be sigmoid or none");
        }
    }

    /** One upward level: transposed convolution, then a double convolution over [upsampled, skip]. */
    public static final class Up extends Module {
        public final ConvTranspose2d upsample;
        public final Sequential conv;

        Up(int in, int out) {
            this.upsample = register("upsample", new ConvTranspose2d(in, out, 2, 2, 0));
            this.conv = register("conv", doubleConv(2 * out, out));
        }

        /** x [B, 2c, h, w] and skip [B, c, 2h, 2w] to [B, c, 2h, 2w]. */
        public Tensor call(Tensor x, Tensor skip) {
            return hooked(conv.call(Tensor.cat(List.of(upsample.call(x), skip), 1)));
        }
    }

    public final Config config;
    public final ModuleList<Sequential> down;
    public final Sequential mid;
    public final ModuleList<Up> up;
    public final Conv2d out;
    private final Pool2d pool = Pool2d.max(2, 2, 0);

    public TranslationUNet(Config c) {
        this.config = c;
        this.down = register("down", new ModuleList<>());
        int ch = c.inChannels();
        for (int i = 0; i < c.depth(); i++) {
            int next = c.baseChannels() << i;
            down.add(doubleConv(ch, next));
            ch = next;
        }
        this.mid = register("mid", doubleConv(ch, c.baseChannels() << c.depth()));
        this.up = register("up", new ModuleList<>());
        for (int i = 0; i < c.depth(); i++) up.add(new Up(c.baseChannels() << (i + 1), c.baseChannels() << i));
        this.out = register("out", new Conv2d(c.baseChannels(), c.outChannels(), 1));
    }

    static Sequential doubleConv(int in, int out) {
        return new Sequential(new Conv2d(in, out, 3, Conv2d.options().padding(1)), new BatchNorm2d(out), Activation.relu(),
                new Conv2d(out, out, 3, Conv2d.options().padding(1)), new BatchNorm2d(out), Activation.relu());
    }

    @Override
    protected Tensor forward(Tensor x) {
        List<Tensor> skips = new ArrayList<>();
        for (Sequential d : down) {
            x = d.call(x);
            skips.add(x);
            x = pool.call(x);
        }
        x = mid.call(x);
        for (int i = config.depth() - 1; i >= 0; i--) x = up.get(i).call(x, skips.get(i));
        x = out.call(x);
        return config.outputActivation().equals("sigmoid") ? x.sigmoid() : x;
    }
}
