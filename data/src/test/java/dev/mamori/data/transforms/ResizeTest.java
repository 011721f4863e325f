package dev.mamori.data.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mamori.data.FloatImage;
import dev.mamori.data.Image;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResizeTest {
    private static FloatImage image(int h, int w, float... v) {
        return new FloatImage(1, h, w, v);
    }

    @Test
    void upscales2x2To4x4AsPyTorchAlignCornersFalse() {
        // src = (i + 0.5) / 2 - 0.5 -> -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to the last pixel)
        // row [0, 1] becomes [0, 0.25, 0.75, 1]; rows blend the same way between 0 and 2
        FloatImage out = Resize.resize(image(2, 2, 0, 1, 2, 3), 4, 4, false);
        assertThat(out.pixels()).containsExactly(new float[] {
                0.0f, 0.25f, 0.75f, 1.0f,
                0.5f, 0.75f, 1.25f, 1.5f,
                1.5f, 1.75f, 2.25f, 2.5f,
                2.0f, 2.25f, 2.75f, 3.0f}, within(1e-6f));
    }

    @Test
    void upscales2x2To3x3WithTheClampedLastSample() {
        // scale 2/3: src = -1/6 (-> 0), 0.5, 7/6 (-> last pixel): F.interpolate gives [[1,1.5,2],[2,2.5,3],[3,3.5,4]]
        FloatImage out = Resize.resize(image(2, 2, 1, 2, 3, 4), 3, 3, false);
        assertThat(out.pixels()).containsExactly(new float[] {1, 1.5f, 2, 2, 2.5f, 3, 3, 3.5f, 4}, within(1e-6f));
    }

    @Test
    void downscalingWithoutAntialiasSamplesBetweenPixels() {
        float[] v = new float[16];
        for (int i = 0; i < 16; i++) v[i] = i;
        // src = (i + 0.5) * 2 - 0.5 = 0.5, 2.5: each output is the mean of a 2x2 block's centre
        FloatImage out = Resize.resize(image(4, 4, v), 2, 2, false);
        assertThat(out.pixels()).containsExactly(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, within(1e-6f));
    }

    @Test
    void antialiasedDownscalingUsesTheTriangleFilterFootprint() {
        // 4 -> 2 along the width (scale 2, support 2): output 0 is centred at 1.0 and reads inputs 0..2 with triangle
        // weights 0.75, 0.75, 0.25 (normalised by 1.75); output 1 is centred at 3.0 and reads inputs 1..3 with
        // 0.25, 0.75, 0.75.
        FloatImage out = Resize.resize(image(1, 4, 0, 1, 2, 3), 1, 2, true);
        assertThat(out.pixels()[0]).isCloseTo((0 * 0.75f + 1 * 0.75f + 2 * 0.25f) / 1.75f, within(1e-6f));
        assertThat(out.pixels()[1]).isCloseTo((1 * 0.25f + 2 * 0.75f + 3 * 0.75f) / 1.75f, within(1e-6f));
        // upscaling with antialias is plain bilinear
        FloatImage up = Resize.resize(image(2, 2, 0, 1, 2, 3), 4, 4, true);
        assertThat(up.pixels()).containsExactly(Resize.resize(image(2, 2, 0, 1, 2, 3), 4, 4, false).pixels(), within(1e-6f));
    }

    @Test
    void constantImagesStayConstantAndChannelsAreIndependent() {
        float[] v = new float[2 * 5 * 7];
        for (int i = 0; i < 35; i++) v[i] = 0.25f;
        for (int i = 35; i < 70; i++) v[i] = 0.75f;
        FloatImage out = Resize.resize(new FloatImage(2, 5, 7, v), 3, 11, true);
        for (int x = 0; x < 11; x++) {
            assertThat(out.get(0, 1, x)).isCloseTo(0.25f, within(1e-6f));
            assertThat(out.get(1, 2, x)).isCloseTo(0.75f, within(1e-6f));
        }
    }

    @Test
    void shorterSideKeepsTheAspectRatioWithTruncation() {
        Image wide = Resize.shorterSide(4).apply(FloatImage.zeros(3, 6, 10), new SplittableRandom(0));
        assertThat(wide.shapeString()).isEqualTo("3x4x6"); // (int) (4 * 10 / 6) = 6
        Image tall = Resize.shorterSide(5).apply(FloatImage.zeros(1, 9, 7), new SplittableRandom(0));
        assertThat(tall.shapeString()).isEqualTo("1x6x5"); // (int) (5 * 9 / 7) = 6
        Image exact = Resize.to(8, 3).withAntialias(true).apply(FloatImage.zeros(1, 9, 7), new SplittableRandom(0));
        assertThat(exact.shapeString()).isEqualTo("1x8x3");
    }
}
