package dev.mamori.data.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.data.ByteImage;
import dev.mamori.data.MalformedDataException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transparent PNGs and SVGs composited on white: pixel values by hand, sizes checked, bad files named. */
class ImagesOnWhiteTest {
    @TempDir Path dir;

    private Path rgbaPng(int width, int height, int argb) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) img.setRGB(x, y, argb);
        Path f = dir.resolve("img.png");
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    @Test
    void alphaIsCompositedOverWhite() throws IOException {
        // red (200, 0, 100) at alpha 51 (20%): c * 0.2 + 255 * 0.8 -> 244, 204, 224
        ByteImage img = ImageFiles.readOnWhite(rgbaPng(4, 2, (51 << 24) | (200 << 16) | 100), 4, 2);
        assertThat(img.shapeString()).isEqualTo("3x2x4");
        assertThat(new int[] {img.get(0, 1, 3), img.get(1, 1, 3), img.get(2, 1, 3)}).containsExactly(244, 204, 224);
        ByteImage clear = ImageFiles.readOnWhite(rgbaPng(4, 2, 0x00123456), 4, 2);
        assertThat(clear.get(0, 0, 0)).isEqualTo(255);
        ByteImage opaque = ImageFiles.readOnWhite(rgbaPng(4, 2, 0xFF102030), 4, 2);
        assertThat(new int[] {opaque.get(0, 0, 0), opaque.get(1, 0, 0), opaque.get(2, 0, 0)}).containsExactly(16, 32, 48);
    }

    @Test
    void sizeIsCheckedFromTheHeaderAndBadFilesAreNamed() throws IOException {
        Path f = rgbaPng(8, 8, 0xFF000000);
        assertThatThrownBy(() -> ImageFiles.readOnWhite(f, 64, 64)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("8x8 pixels, expected 64x64");
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> ImageFiles.readOnWhite(f, 8, 8)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining(f.toString());
        Files.writeString(f, "not an image");
        assertThatThrownBy(() -> ImageFiles.readOnWhite(f, 8, 8)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining(f.toString());
    }

    @Test
    void svgIsRenderedByJsvgOnWhite() throws IOException {
        // left half opaque blue, right half transparent, in a 10x10 view box drawn at 20 pixels
        Path svg = dir.resolve("half.svg");
        Files.writeString(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">"
                + "<rect x=\"0\" y=\"0\" width=\"5\" height=\"10\" fill=\"#0000ff\"/></svg>");
        ByteImage img = SvgFiles.renderOnWhite(svg, 20);
        assertThat(img.shapeString()).isEqualTo("3x20x20");
        assertThat(new int[] {img.get(0, 10, 2), img.get(1, 10, 2), img.get(2, 10, 2)}).containsExactly(0, 0, 255);
        assertThat(new int[] {img.get(0, 10, 17), img.get(1, 10, 17), img.get(2, 10, 17)}).containsExactly(255, 255, 255);
        Files.writeString(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=");
        assertThatThrownBy(() -> SvgFiles.renderOnWhite(svg, 20)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining(svg.toString());
        // an external image reference is not fetched (no file or network access from inside an SVG)
        Path secret = dir.resolve("secret.png");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", secret.toFile());
        Files.writeString(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 4 4\">"
                + "<image width=\"4\" height=\"4\" xlink:href=\"" + secret.toUri() + "\"/></svg>");
        ByteImage blank = SvgFiles.renderOnWhite(svg, 4);
        for (int i = 0; i < blank.size(); i++) assertThat(blank.getFlat(i)).isEqualTo(255);
    }
}
