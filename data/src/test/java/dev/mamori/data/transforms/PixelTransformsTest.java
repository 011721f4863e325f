package dev.mamori.data.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mamori.data.FloatImage;
import dev.mamori.data.Image;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PixelTransformsTest {
    /** 3x1x2: pixel 0 = (0.2, 0.4, 0.6), pixel 1 = (1.0, 0.0, 0.5). */
    private static FloatImage rgb() {
        return new FloatImage(3, 1, 2, new float[] {0.2f, 1.0f, 0.4f, 0.0f, 0.6f, 0.5f});
    }

    @Test
    void normalizeSubtractsMeanAndDividesByStdPerChannel() {
        Normalize n = new Normalize(new float[] {0.5f, 0.0f, 1.0f}, new float[] {0.5f, 2.0f, 0.25f});
        FloatImage out = (FloatImage) n.apply(rgb(), null);
        assertThat(out.pixels()).containsExactly(new float[] {-0.6f, 1.0f, 0.2f, 0.0f, -1.6f, -2.0f}, within(1e-6f));
        assertThatThrownBy(() -> n.apply(FloatImage.zeros(2, 1, 1), null)).hasMessageContaining("2 channels");
        FloatImage one = (FloatImage) new Normalize(new float[] {0.5f}, new float[] {0.5f}).apply(rgb(), null);
        assertThat(one.pixels()[1]).isCloseTo(1.0f, within(1e-6f));
    }

    @Test
    void grayscaleToRgbRepeatsTheChannel() {
        FloatImage gray = new FloatImage(1, 1, 2, new float[] {0.1f, 0.9f});
        FloatImage out = (FloatImage) new GrayscaleToRgb().apply(gray, null);
        assertThat(out.pixels()).containsExactly(0.1f, 0.9f, 0.1f, 0.9f, 0.1f, 0.9f);
        assertThat(new GrayscaleToRgb().apply(rgb(), null)).isEqualTo(rgb());
        FloatImage back = (FloatImage) new Grayscale().apply(out, null);
        assertThat(back.pixels()).containsExactly(new float[] {0.1f, 0.9f}, within(1e-4f));
    }

    @Test
    void brightnessContrastAndSaturationBlendAsTorchvision() {
        assertThat(ColorJitter.adjustBrightness(rgb(), 1.5f).pixels())
                .containsExactly(new float[] {0.3f, 1.0f, 0.6f, 0.0f, 0.9f, 0.75f}, within(1e-6f));
        // mean luminance: pixel 0 = 0.2989*0.2 + 0.587*0.4 + 0.114*0.6 = 0.36298, pixel 1 = 0.2989 + 0.057 = 0.3559
        float mean = (0.36298f + 0.3559f) / 2;
        FloatImage c = ColorJitter.adjustContrast(rgb(), 0.5f);
        assertThat(c.get(0, 0, 0)).isCloseTo(0.5f * 0.2f + 0.5f * mean, within(1e-6f));
        assertThat(c.get(1, 0, 1)).isCloseTo(0.5f * mean, within(1e-6f));
        FloatImage s = ColorJitter.adjustSaturation(rgb(), 0f);
        assertThat(s.get(0, 0, 0)).isCloseTo(0.36298f, within(1e-6f));
        assertThat(s.get(2, 0, 0)).isCloseTo(0.36298f, within(1e-6f));
        assertThat(s.get(1, 0, 1)).isCloseTo(0.3559f, within(1e-6f));
        FloatImage gray = new FloatImage(1, 1, 2, new float[] {0.2f, 0.6f});
        assertThat(ColorJitter.adjustContrast(gray, 0f).pixels()).containsExactly(new float[] {0.4f, 0.4f}, within(1e-6f));
        assertThat(ColorJitter.adjustSaturation(gray, 0f)).isSameAs(gray);
    }

    @Test
    void hueShiftRotatesColours() {
        FloatImage red = new FloatImage(3, 1, 1, new float[] {1, 0, 0});
        assertThat(ColorJitter.adjustHue(red, 1f / 3).pixels()).containsExactly(new float[] {0, 1, 0}, within(1e-5f));
        assertThat(ColorJitter.adjustHue(red, -1f / 3).pixels()).containsExactly(new float[] {0, 0, 1}, within(1e-5f));
        assertThat(ColorJitter.adjustHue(rgb(), 0f).pixels()).containsExactly(rgb().pixels(), within(1e-6f));
    }

    @Test
    void colorJitterDrawsOrderThenFactorsAndIsReproducible() {
        // brightness only: the permutation draws 3 ints, then the factor uniform in [0.5, 1.5]: 0.5 + 0.75 = 1.25
        ScriptedRandom rng = new ScriptedRandom(0, 0, 0, 0.75);
        FloatImage out = (FloatImage) new ColorJitter(0.5f, 0f, 0f).apply(rgb(), rng);
        assertThat(out.pixels()).containsExactly(ColorJitter.adjustBrightness(rgb(), 1.25f).pixels(), within(1e-6f));
        assertThat(rng.exhausted()).isTrue();
        ColorJitter all = new ColorJitter(0.4f, 0.4f, 0.4f, 0.1f);
        Image a = all.apply(rgb(), new SplittableRandom(9));
        assertThat(all.apply(rgb(), new SplittableRandom(9))).isEqualTo(a);
        assertThat(all.apply(rgb(), new SplittableRandom(10))).isNotEqualTo(a);
        for (float v : ((FloatImage) a).pixels()) assertThat(v).isBetween(0f, 1f);
    }

    @Test
    void composeAppliesInOrderWithOneGenerator() {
        ImageTransform t = ImageTransform.compose(new ToTensor(), new RandomHorizontalFlip(1.0),
                new Normalize(new float[] {0.5f}, new float[] {0.5f}));
        FloatImage gray = new FloatImage(1, 1, 2, new float[] {0f, 1f});
        assertThat(((FloatImage) t.apply(gray, new ScriptedRandom(0.3))).pixels()).containsExactly(1f, -1f);
    }
}
