package dev.mamori.methods.backdoor.triggers;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Locale;

/**
 * The sinusoidal-signal trigger of Barni, Kallas and Tondi (2019), the clean-label attack "SIG": a horizontal sine
 * wave of amplitude delta and f periods across the width, the same for every row and channel:
 * pattern[j] = delta sin(2 pi j f / W).
 * <ul>
 *   <li>Float form: x' = clip(x + pattern[j] / 255, 0, 1).</li>
 *   <li>8-bit form (BackdoorBench's {@code sigTriggerAttack} on uint8 HWC arrays):
 *       x8' = uint8(clip(uint32(x8) + float32(delta sin(2 pi j f / W)), 0, 255)), the cast truncating toward zero.
 *       Where the sine is a tiny negative rounding error (sin(k pi)), the truncation takes one grey level off, as the
 *       reference does; 8-bit outputs compare exactly with the fixture.</li>
 * </ul>
 * {@link #apply} uses the 8-bit form when built with {@code eightBit} (images are then read as multiples of 1/255,
 * rounded to the nearest), as BackdoorBench poisons its datasets.
 */
public final class SigTrigger implements Trigger {
    private final long[] shape;
    private final double delta;
    private final double frequency;
    private final boolean eightBit;
    private final float[] pattern255;

    /**
     * @param delta     amplitude on the 0-255 scale (20 in Barni et al.'s training, BackdoorBench's default config 40)
     * @param frequency periods across the image width (6)
     * @param eightBit  whether {@link #apply} follows the 8-bit path
     */
    public SigTrigger(int channels, int height, int width, double delta, double frequency, boolean eightBit) {
        if (!(delta > 0 && delta <= 255)) throw new IllegalArgumentException("SIG delta must be in (0, 255] (0-255 scale); got " + delta);
        if (!(frequency > 0)) throw new IllegalArgumentException("SIG frequency must be positive; got " + frequency);
        this.shape = new long[]{channels, height, width};
        this.delta = delta;
        this.frequency = frequency;
        this.eightBit = eightBit;
        this.pattern255 = new float[width];
        // float32 pattern, as the reference stores delta * np.sin(...) into a float32 array
        for (int j = 0; j < width; j++) pattern255[j] = (float) (delta * Math.sin(2 * Math.PI * j * frequency / width));
    }

    /** The pattern on the [0, 1] scale, one value per column: delta / 255 * sin(2 pi j f / W). */
    public float[] pattern() {
        float[] p = new float[pattern255.length];
        for (int j = 0; j < p.length; j++) p[j] = (float) (delta / 255.0 * Math.sin(2 * Math.PI * j * frequency / p.length));
        return p;
    }

    /** The float form on images in [0, 1]: clip(x + pattern[j], 0, 1). */
    public INDArray applyFloat(INDArray images) {
        TriggerImages.check(name(), images, shape);
        float[] x = TriggerImages.pixels(images);
        float[] p = pattern();
        int w = p.length;
        for (int i = 0; i < x.length; i++) x[i] = Math.min(1f, Math.max(0f, x[i] + p[i % w]));
        return TriggerImages.array(x, images.shape());
    }

    /** The 8-bit form on integer pixel values 0..255 (any numeric dtype); returns the same dtype's values as float32. */
    public INDArray applyEightBit(INDArray pixels255) {
        TriggerImages.check(name(), pixels255, shape);
        double[] x = pixels255.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
        float[] out = new float[x.length];
        int w = pattern255.length;
        for (int i = 0; i < x.length; i++) {
            double v = Math.min(255.0, Math.max(0.0, x[i] + (double) pattern255[i % w]));
            out[i] = (float) (long) v;  // truncation toward zero, as numpy's uint8 cast of a non-negative float
        }
        return TriggerImages.array(out, pixels255.shape());
    }

    @Override
    public String name() {
        return "sig";
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "SIG: sine of amplitude %.3g/255 and %.3g periods across the width, %s", delta, frequency,
                eightBit ? "8-bit path (BackdoorBench)" : "float path");
    }

    @Override
    public long[] imageShape() {
        return shape.clone();
    }

    @Override
    public INDArray apply(INDArray images) {
        if (!eightBit) return applyFloat(images);
        INDArray x255 = org.nd4j.linalg.ops.transforms.Transforms.round(images.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).mul(255f), false);
        return applyEightBit(x255).divi(255f);
    }
}
