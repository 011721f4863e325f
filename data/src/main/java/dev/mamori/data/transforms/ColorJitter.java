package dev.mamori.data.transforms;

import dev.mamori.data.FloatImage;
import dev.mamori.data.Image;
import dev.mamori.data.Seeds;
import java.util.random.RandomGenerator;

/**
 * torchvision's ColorJitter on [0, 1] images: brightness, contrast and saturation factors drawn uniformly from
 * [max(0, 1 - v), 1 + v], a hue shift from [-hue, hue], applied in a random order. A parameter of 0 disables that
 * adjustment. Random numbers are drawn as torchvision does: the order first, then the factors. Saturation and hue
 * leave 1-channel images unchanged.
 */
public final class ColorJitter implements ImageTransform {
    private final float brightness;
    private final float contrast;
    private final float saturation;
    private final float hue;

    public ColorJitter(float brightness, float contrast, float saturation) {
        this(brightness, contrast, saturation, 0f);
    }

    public ColorJitter(float brightness, float contrast, float saturation, float hue) {
        if (brightness < 0 || contrast < 0 || saturation < 0) {
            throw new IllegalArgumentException("brightness, contrast and saturation must be >= 0");
        }
        if (hue < 0 || hue > 0.5f) throw new IllegalArgumentException("hue must be in [0, 0.5], got " + hue);
        this.brightness = brightness;
        this.contrast = contrast;
        this.saturation = saturation;
        this.hue = hue;
    }

    @Override
    public Image apply(Image image, RandomGenerator rng) {
        int[] order = Seeds.permutation(4, rng);
        float b = brightness > 0 ? factor(rng, brightness) : Float.NaN;
        float c = contrast > 0 ? factor(rng, contrast) : Float.NaN;
        float s = saturation > 0 ? factor(rng, saturation) : Float.NaN;
        float h = hue > 0 ? (float) (-hue + rng.nextDouble() * 2 * hue) : Float.NaN;
        FloatImage img = image.toFloat();
        for (int op : order) {
            switch (op) {
                case 0 -> { if (!Float.isNaN(b)) img = adjustBrightness(img, b); }
                case 1 -> { if (!Float.isNaN(c)) img = adjustContrast(img, c); }
                case 2 -> { if (!Float.isNaN(s)) img = adjustSaturation(img, s); }
                default -> { if (!Float.isNaN(h)) img = adjustHue(img, h); }
            }
        }
        return img;
    }

    private static float factor(RandomGenerator rng, float v) {
        float lo = Math.max(0f, 1f - v), hi = 1f + v;
        return (float) (lo + rng.nextDouble() * (hi - lo));
    }

    /** clamp(f * x, 0, 1). */
    public static FloatImage adjustBrightness(FloatImage img, float f) {
        float[] p = img.pixels();
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) out[i] = clamp(f * p[i]);
        return new FloatImage(img.channels(), img.height(), img.width(), out);
    }

    /** clamp(f * x + (1 - f) * m, 0, 1), m the mean luminance of the whole image. */
    public static FloatImage adjustContrast(FloatImage img, float f) {
        float[] gray = img.channels() == 3 ? Grayscale.luminance(img) : img.pixels();
        double sum = 0;
        for (float g : gray) sum += g;
        float mean = (float) (sum / gray.length);
        float[] p = img.pixels();
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) out[i] = clamp(f * p[i] + (1f - f) * mean);
        return new FloatImage(img.channels(), img.height(), img.width(), out);
    }

    /** clamp(f * x + (1 - f) * luminance(pixel), 0, 1); f = 0 gives grayscale. */
    public static FloatImage adjustSaturation(FloatImage img, float f) {
        if (img.channels() == 1) return img;
        float[] gray = Grayscale.luminance(img);
        float[] p = img.pixels();
        int hw = gray.length;
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) out[i] = clamp(f * p[i] + (1f - f) * gray[i % hw]);
        return new FloatImage(3, img.height(), img.width(), out);
    }

    /** Rotates the hue by {@code shift} turns (in [-0.5, 0.5]) in HSV space. */
    public static FloatImage adjustHue(FloatImage img, float shift) {
        if (img.channels() == 1) return img;
        if (img.channels() != 3) throw new IllegalArgumentException("hue needs an RGB image, got " + img.shapeString());
        int hw = img.height() * img.width();
        float[] p = img.pixels();
        float[] out = new float[p.length];
        for (int i = 0; i < hw; i++) {
            float r = p[i], g = p[hw + i], b = p[2 * hw + i];
            float max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b));
            float range = max - min;
            float s = range / (max == min ? 1f : max);
            float div = max == min ? 1f : range;
            float rc = (max - r) / div, gc = (max - g) / div, bc = (max - b) / div;
            float h;
            if (max == r) h = bc - gc;
            else if (max == g) h = 2f + rc - bc;
            else h = 4f + gc - rc;
            h = (float) (((h / 6f + 1f) % 1f) + shift);
            h = h - (float) Math.floor(h); // (h + shift) mod 1
            float v = max;
            float h6 = h * 6f;
            int sector = (int) Math.floor(h6);
            float frac = h6 - sector;
            sector = Math.floorMod(sector, 6);
            float pp = clamp(v * (1f - s)), q = clamp(v * (1f - s * frac)), t = clamp(v * (1f - s * (1f - frac)));
            float nr, ng, nb;
            switch (sector) {
                case 0 -> { nr = v; ng = t; nb = pp; }
                case 1 -> { nr = q; ng = v; nb = pp; }
                case 2 -> { nr = pp; ng = v; nb = t; }
                case 3 -> { nr = pp; ng = q; nb = v; }
                case 4 -> { nr = t; ng = pp; nb = v; }
                default -> { nr = v; ng = pp; nb = q; }
            }
            out[i] = nr;
            out[hw + i] = ng;
            out[2 * hw + i] = nb;
        }
        return new FloatImage(3, img.height(), img.width(), out);
    }

    private static float clamp(float x) {
        return x < 0f ? 0f : (x > 1f ? 1f : x);
    }
}
