package dev.mamori.models;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.layers.Activation;
import dev.mamori.nn.layers.BatchNorm2d;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.Sequential;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tanaka's adaptation network in front of an ordinary classifier (Tanaka 2018, "Learnable image encryption";
 * docs/METHODS.md item 7): block-wise layers that see one M x M block of the (4-bit split, shuffled) image at a time,
 * so that they can learn to undo a block-wise key, then a pixel shuffle (depth-to-space) back to an H x W image for the
 * backbone. Our layout (the paper's exact widths are not reproduced here):
 * <pre>
 * x [B, Cin, H, W] -> adaptation.0: Conv2d(Cin, hidden, M, stride M) -> .1 BN -> .2 ReLU
 *   -> .3: Conv2d(hidden, Cout*M*M, 1) -> .4 BN -> .5 ReLU -> pixel shuffle (M) -> [B, Cout, H, W] -> backbone -> logits
 * </pre>
 * The backbone is any registry classifier (config {@code backbone} and {@code backboneConfig}); its input channels,
 * image size and class count are set from this config.
 */
public class AdaptedClassifier extends Classifier {

    /**
     * @param inChannels      channels of the encrypted input (LE: 2C nibble channels)
     * @param blockSize       M, the encryption's block size
     * @param hidden          width of the block-wise layer
     * @param adaptedChannels channels of the image handed to the backbone
     * @param imageSize       H = W
     * @param numClasses      classes
     * @param backbone        registry name or family of the classifier behind
     * @param backboneConfig  its config overrides (inChannels, imageSize and numClasses are set here)
     */
    public record Config(int inChannels, int blockSize, int hidden, int adaptedChannels, int imageSize, int numClasses, String backbone,
                         Map<String, Object> backboneConfig) {
        public Config {
            if (imageSize % blockSize != 0) throw new IllegalArgumentException("image size " + imageSize + " is not divisible by block size " + blockSize);
            backboneConfig = backboneConfig == null ? Map.of() : Map.copyOf(backboneConfig);
        }
    }

    public final Config config;
    public final Sequential adaptation;
    public final Classifier backbone;

    public AdaptedClassifier(Config c) {
        super(c.numClasses(), c.inChannels(), c.imageSize());
        this.config = c;
        int m = c.blockSize();
        this.adaptation = register("adaptation", new Sequential(
                new Conv2d(c.inChannels(), c.hidden(), m, Conv2d.options().stride(m)), new BatchNorm2d(c.hidden()), Activation.relu(),
                new Conv2d(c.hidden(), c.adaptedChannels() * m * m, 1), new BatchNorm2d(c.adaptedChannels() * m * m), Activation.relu()));
        Map<String, Object> bc = new LinkedHashMap<>(c.backboneConfig());
        bc.put("inChannels", c.adaptedChannels());
        bc.put("imageSize", c.imageSize());
        bc.put("numClasses", c.numClasses());
        this.backbone = register("backbone", ModelRegistry.create(c.backbone(), bc));
    }

    @Override
    protected Tensor forward(Tensor x) {
        return backbone.call(pixelShuffle(adaptation.call(x), config.blockSize()));
    }

    /** PyTorch's pixel_shuffle: [B, C*r*r, h, w] to [B, C, h*r, w*r], channel c*r*r + i*r + j to offset (i, j). */
    public static Tensor pixelShuffle(Tensor x, int r) {
        long b = x.size(0), c = x.size(1) / ((long) r * r), h = x.size(2), w = x.size(3);
        return x.reshape(b, c, r, r, h, w).permute(0, 1, 4, 2, 5, 3).reshape(b, c, h * r, w * r);
    }
}
