package dev.mamori.methods.backdoor.triggers;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The blended trigger of Chen et al. (2017), BackdoorBench's {@code blendedImageAttack}: x' = (1 - alpha) x + alpha p
 * with a pattern p of the image's shape, applied to every pixel. BackdoorBench blends its Hello Kitty image at alpha
 * 0.2; we have no such image here and use Chen et al.'s other pattern, uniform random noise (8-bit values, drawn from
 * a seed). Computed in float32 (BackdoorBench rounds to 8 bits afterwards; the fixture stays in float).
 */
public final class BlendTrigger implements Trigger {
    private final float[] pattern;
    private final long[] shape;
    private final double alpha;
    private final String origin;

    public BlendTrigger(INDArray pattern, double alpha, String origin) {
        if (pattern.rank() != 3) throw new IllegalArgumentException("blend pattern must be [C, H, W]; got " + Arrays.toString(pattern.shape()));
        if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("blend alpha must be in (0, 1); got " + alpha);
        this.pattern = TriggerImages.pixels(pattern);
        this.shape = pattern.shape().clone();
        this.alpha = alpha;
        this.origin = origin;
    }

    /** A uniform random 8-bit pattern (values k / 255) drawn from {@code seed}. */
    public static BlendTrigger randomNoise(int channels, int height, int width, double alpha, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] p = new float[channels * height * width];
        for (int i = 0; i < p.length; i++) p[i] = rng.nextInt(256) / 255f;
        return new BlendTrigger(TriggerImages.array(p, channels, height, width), alpha, "uniform 8-bit noise pattern (seeded)");
    }

    public double alpha() {
        return alpha;
    }

    /** The pattern [C, H, W] (a copy). */
    public INDArray pattern() {
        return TriggerImages.array(pattern.clone(), shape);
    }

    @Override
    public String name() {
        return "blend";
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "Blend: (1 - %.2f) x + %.2f p, p a %s", alpha, alpha, origin);
    }

    @Override
    public long[] imageShape() {
        return shape.clone();
    }

    @Override
    public INDArray apply(INDArray images) {
        TriggerImages.check(name(), images, shape);
        float[] x = TriggerImages.pixels(images);
        float keep = (float) (1 - alpha), a = (float) alpha;
        int len = pattern.length;
        for (int i = 0; i < x.length; i++) x[i] = keep * x[i] + a * pattern[i % len];
        return TriggerImages.array(x, images.shape());
    }
}
