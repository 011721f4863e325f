package dev.mamori.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mamori.data.FloatImage;
import dev.mamori.data.InMemoryImageDataset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColoredMnistTest {
    /** n 2x2 gray images: pixel 0 = 0 (background), pixel 3 = 255 (foreground), labels i % 10. */
    private static InMemoryImageDataset gray(int n) {
        byte[] pixels = new byte[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            pixels[i * 4 + 1] = (byte) 51;
            pixels[i * 4 + 2] = (byte) 102;
            pixels[i * 4 + 3] = (byte) 255;
            labels[i] = i % 10;
        }
        return new InMemoryImageDataset(1, 2, 2, pixels, labels, List.of());
    }

    private static double matchRate(ColoredMnist ds, boolean background) {
        int match = 0;
        for (int i = 0; i < ds.size(); i++) {
            ColoredExample ex = ds.get(i);
            if (background ? ex.backgroundMatchesClass() : ex.foregroundMatchesClass()) match++;
        }
        return (double) match / ds.size();
    }

    @Test
    void pixelsBlendForegroundAndBackgroundByGrayValue() {
        ColoredMnist ds = ColoredMnist.builder(gray(10)).foregroundCorrelation(1).coloredBackground(1).build();
        ColoredExample ex = ds.get(3);
        assertThat(ex.foreground()).isEqualTo(3);
        assertThat(ex.background()).isEqualTo(3);
        float[] fg = ColoredMnist.FOREGROUND_PALETTE.get(3), bg = ColoredMnist.BACKGROUND_PALETTE.get(3);
        FloatImage img = (FloatImage) ex.image();
        assertThat(img.shapeString()).isEqualTo("3x2x2");
        for (int c = 0; c < 3; c++) {
            assertThat(img.get(c, 0, 0)).isCloseTo(bg[c], within(1e-6f));
            assertThat(img.get(c, 1, 1)).isCloseTo(fg[c], within(1e-6f));
            assertThat(img.get(c, 0, 1)).isCloseTo(0.2f * fg[c] + 0.8f * bg[c], within(1e-6f));
        }
        ColoredExample plain = ColoredMnist.builder(gray(10)).foregroundCorrelation(1).build().get(3);
        assertThat(plain.background()).isEqualTo(-1);
        assertThat(((FloatImage) plain.image()).get(0, 0, 0)).isZero();
    }

    @Test
    void correlationIsAsConfigured() {
        InMemoryImageDataset src = gray(4000);
        assertThat(matchRate(ColoredMnist.builder(src).foregroundCorrelation(1).build(), false)).isEqualTo(1.0);
        assertThat(matchRate(ColoredMnist.builder(src).foregroundCorrelation(0).build(), false)).isEqualTo(0.0);
        // 4000 draws with p = 0.8: standard deviation 0.0063, so +-0.03 is about 5 sigma
        assertThat(matchRate(ColoredMnist.builder(src).foregroundCorrelation(0.8).seed(1).build(), false)).isCloseTo(0.8, within(0.03));
        assertThat(matchRate(ColoredMnist.builder(src).coloredBackground(0.3).seed(2).build(), true)).isCloseTo(0.3, within(0.03));
        // correlation 1/K: each colour about equally likely for every class
        ColoredMnist independent = ColoredMnist.builder(src).foregroundCorrelation(0.1).seed(3).build();
        int[] counts = new int[10];
        for (int i = 0; i < src.size(); i += 10) counts[independent.get(i).foreground()]++; // all of class 0
        for (int k : counts) assertThat(k).isBetween(15, 70); // expected 40 of 400
    }

    @Test
    void coloursDependOnlyOnSeedAndIndex() {
        ColoredMnist a = ColoredMnist.builder(gray(200)).foregroundCorrelation(0.5).coloredBackground(0.5).seed(9).build();
        ColoredMnist b = ColoredMnist.builder(gray(200)).foregroundCorrelation(0.5).coloredBackground(0.5).seed(9).build();
        ColoredMnist c = ColoredMnist.builder(gray(200)).foregroundCorrelation(0.5).coloredBackground(0.5).seed(10).build();
        int differ = 0;
        for (int i = 0; i < 200; i++) {
            assertThat(b.get(i)).usingRecursiveComparison().isEqualTo(a.get(i));
            if (a.get(i).foreground() != c.get(i).foreground()) differ++;
        }
        assertThat(differ).isGreaterThan(20);
        assertThat(a.get(5).withImage(FloatImage.zeros(1, 1, 1)).foreground()).isEqualTo(a.get(5).foreground());
    }

    @Test
    void rejectsColourImagesAndBadProbabilities() {
        assertThatThrownBy(() -> ColoredMnist.builder(gray(1)).foregroundCorrelation(1.5)).hasMessageContaining("[0, 1]");
        ColoredMnist twice = ColoredMnist.builder(ColoredMnist.builder(gray(2)).build()).build();
        assertThatThrownBy(() -> twice.get(0)).hasMessageContaining("1-channel");
    }
}
