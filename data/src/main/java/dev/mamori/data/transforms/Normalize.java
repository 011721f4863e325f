package dev.mamori.data.transforms;

import dev.mamori.data.FloatImage;
import dev.mamori.data.Image;
import java.util.random.RandomGenerator;

/** (x - mean[c]) / std[c] per channel; one mean/std value applies to every channel. */
public final class Normalize implements ImageTransform {
    private final float[] mean;
    private final float[] std;

    public Normalize(float[] mean, float[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("mean and std need the same, non-zero number of values, got "
                    + mean.length + " and " + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) throw new IllegalArgumentException("std values must be > 0, got " + s);
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** The ImageNet statistics torchvision's pretrained models expect. */
    public static Normalize imagenet() {
        return new Normalize(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
    }

    @Override
    public Image apply(Image image, RandomGenerator rng) {
        FloatImage in = image.toFloat();
        int c = in.channels(), hw = in.height() * in.width();
        if (mean.length != 1 && mean.length != c) {
            throw new IllegalArgumentException("Normalize has " + mean.length + " channel statistics but the image has "
                    + c + " channels (" + in.shapeString() + ")");
        }
        float[] src = in.pixels();
        float[] out = new float[src.length];
        for (int ch = 0; ch < c; ch++) {
            float m = mean[mean.length == 1 ? 0 : ch];
            float s = std[std.length == 1 ? 0 : ch];
            for (int i = ch * hw; i < (ch + 1) * hw; i++) out[i] = (src[i] - m) / s;
        }
        return new FloatImage(c, in.height(), in.width(), out);
    }
}
