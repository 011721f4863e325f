package dev.mamori.data.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.data.ByteImage;
import dev.mamori.data.ImageExample;
import dev.mamori.data.MalformedDataException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    @TempDir Path root;

    private static void rgbPng(Path file, int r, int g, int b) throws IOException {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2; y++) for (int x = 0; x < 3; x++) img.setRGB(x, y, (r << 16) | (g << 8) | (b + x));
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    private static void grayPng(Path file, int v) throws IOException {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 2; y++) for (int x = 0; x < 3; x++) img.getRaster().setSample(x, y, 0, v + y);
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void classesAreSortedFolderNamesAndFilesAreFoundRecursively() throws IOException {
        rgbPng(root.resolve("zebra/b.png"), 10, 20, 30);
        rgbPng(root.resolve("zebra/a.PNG"), 1, 2, 3);
        rgbPng(root.resolve("Apple/x.png"), 5, 5, 5);
        rgbPng(root.resolve("mango/deep/inner.png"), 7, 7, 7);
        rgbPng(root.resolve("mango/top.png"), 8, 8, 8);
        Files.writeString(root.resolve("zebra/notes.txt"), "not an image");
        Files.writeString(root.resolve("README"), "a file, not a class");
        ImageFolder ds = ImageFolder.open(root);
        assertThat(ds.classes()).containsExactly("Apple", "mango", "zebra"); // code-point order, as Python's sorted()
        assertThat(ds.size()).isEqualTo(5);
        assertThat(ds.file(0)).isEqualTo(root.resolve("Apple/x.png"));
        assertThat(ds.file(1)).isEqualTo(root.resolve("mango/top.png"));
        assertThat(ds.file(2)).isEqualTo(root.resolve("mango/deep/inner.png"));
        assertThat(ds.file(3)).isEqualTo(root.resolve("zebra/a.PNG"));
        assertThat(ds.labelAt(4)).isEqualTo(2);
        ImageExample ex = ds.get(4);
        ByteImage img = (ByteImage) ex.image();
        assertThat(img.shapeString()).isEqualTo("3x2x3");
        assertThat(new int[] {img.get(0, 1, 2), img.get(1, 1, 2), img.get(2, 1, 2)}).containsExactly(10, 20, 32);
    }

    @Test
    void grayscaleFilesAreReplicatedExactlyIntoRgb() throws IOException {
        grayPng(root.resolve("g/one.png"), 100);
        ByteImage img = (ByteImage) ImageFolder.open(root).get(0).image();
        assertThat(new int[] {img.get(0, 1, 0), img.get(1, 1, 0), img.get(2, 1, 0), img.get(0, 0, 0)})
                .containsExactly(101, 101, 101, 100);
        ByteImage gray = (ByteImage) ImageFolder.open(root, ImageFolder.DEFAULT_EXTENSIONS, 1).get(0).image();
        assertThat(gray.shapeString()).isEqualTo("1x2x3");
        assertThat(gray.get(0, 1, 2)).isEqualTo(101);
    }

    @Test
    void jpegFilesDecode() throws IOException {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) img.setRGB(x, y, 0x808080);
        Files.createDirectories(root.resolve("c"));
        ImageIO.write(img, "jpeg", root.resolve("c/photo.jpg").toFile());
        ByteImage out = (ByteImage) ImageFolder.open(root).get(0).image();
        assertThat(out.get(1, 4, 4)).isBetween(124, 132); // lossy, but close to 128
    }

    @Test
    void undecodableImageNamesTheFile() throws IOException {
        rgbPng(root.resolve("a/good.png"), 1, 1, 1);
        Path bad = root.resolve("a/broken.png");
        byte[] png = Files.readAllBytes(root.resolve("a/good.png"));
        Files.write(bad, java.util.Arrays.copyOf(png, 30)); // header only: truncated
        ImageFolder ds = ImageFolder.open(root);
        assertThat(ds.file(0)).isEqualTo(bad);
        assertThatThrownBy(() -> ds.get(0)).isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(MalformedDataException.class).hasMessageContaining("broken.png");
        Files.writeString(root.resolve("a/garbage.jpg"), "definitely not a jpeg");
        ImageFolder again = ImageFolder.open(root);
        assertThatThrownBy(() -> again.get(1)).hasMessageContaining("garbage.jpg");
    }

    @Test
    void emptyClassesAndRootsAreErrors() throws IOException {
        assertThatThrownBy(() -> ImageFolder.open(root)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("no class directories");
        rgbPng(root.resolve("full/a.png"), 1, 1, 1);
        Files.createDirectories(root.resolve("empty"));
        assertThatThrownBy(() -> ImageFolder.open(root)).hasMessageContaining("[empty]");
        assertThatThrownBy(() -> ImageFolder.open(root.resolve("nope"))).isInstanceOf(NoSuchFileException.class);
        Files.delete(root.resolve("empty"));
        assertThat(ImageFolder.open(root, Set.of("png"), 3).size()).isEqualTo(1);
        assertThatThrownBy(() -> ImageFolder.open(root, Set.of("jpg"), 3)).hasMessageContaining("[full]");
    }
}
