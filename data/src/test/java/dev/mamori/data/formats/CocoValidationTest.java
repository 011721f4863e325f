package dev.mamori.data.formats;

import dev.mamori.data.FloatImage;
import dev.mamori.data.MalformedDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A user's COCO file is untrusted input: a box outside its image, an unknown category, a missing or escaping image
 * file, or an image of another size than declared is a clear error naming the file and the entry.
 */
class CocoValidationTest {
    @TempDir Path dir;

    private Path annotations(String images, String annotations) throws IOException {
        Path f = dir.resolve("instances.json");
        Files.writeString(f, "{\"images\": [" + images + "], \"categories\": [{\"id\": 3, \"name\": \"cat\"}], \"annotations\": ["
                + annotations + "]}");
        return f;
    }

    private static final String IMAGE = "{\"id\": 1, \"file_name\": \"a.png\", \"width\": 20, \"height\": 10}";

    @Test
    void aBoxOutsideItsImageIsAnError() throws IOException {
        Path f = annotations(IMAGE, "{\"id\": 5, \"image_id\": 1, \"category_id\": 3, \"bbox\": [15, 2, 8, 4]}");
        assertThatThrownBy(() -> CocoFile.read(f)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("annotations[0] (id 5)").hasMessageContaining("outside its image 1")
                .hasMessageContaining("20x10");
        Path negative = annotations(IMAGE, "{\"id\": 5, \"image_id\": 1, \"category_id\": 3, \"bbox\": [-3, 2, 8, 4]}");
        assertThatThrownBy(() -> CocoFile.read(negative)).hasMessageContaining("outside its image");
        // COCO's own rounding overshoot (well under a pixel) is accepted
        Path rounding = annotations(IMAGE, "{\"id\": 5, \"image_id\": 1, \"category_id\": 3, \"bbox\": [12.5, 2, 7.75, 8.3]}");
        assertThat(CocoFile.read(rounding).annotations()).hasSize(1);
    }

    @Test
    void anUnknownCategoryIsAnError() throws IOException {
        Path f = annotations(IMAGE, "{\"id\": 5, \"image_id\": 1, \"category_id\": 4, \"bbox\": [1, 1, 2, 2]}");
        assertThatThrownBy(() -> CocoFile.read(f)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("annotations[0] (id 5)").hasMessageContaining("category_id 4 is not in categories");
    }

    @Test
    void aMissingImageFileIsAnErrorWhenOpening() throws IOException {
        Path f = annotations(IMAGE, "{\"id\": 5, \"image_id\": 1, \"category_id\": 3, \"bbox\": [1, 1, 2, 2]}");
        Files.createDirectories(dir.resolve("images"));
        assertThatThrownBy(() -> CocoDetection.open(dir.resolve("images"), f)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("images[0] (id 1)").hasMessageContaining("'a.png' is missing");
        Path noImage = annotations(IMAGE, "{\"id\": 5, \"image_id\": 2, \"category_id\": 3, \"bbox\": [1, 1, 2, 2]}");
        assertThatThrownBy(() -> CocoFile.read(noImage)).hasMessageContaining("image_id 2 is not in images");
    }

    @Test
    void fileNamesCannotLeaveTheImageDirectory() throws IOException {
        for (String name : new String[]{"../secret.png", "/etc/passwd", "a/../../b.png", ""}) {
            Path f = annotations("{\"id\": 1, \"file_name\": \"" + name + "\", \"width\": 20, \"height\": 10}", "");
            assertThatThrownBy(() -> CocoFile.read(f)).as(name).hasMessageContaining("must be a relative path inside the image directory");
        }
        Path nested = annotations("{\"id\": 1, \"file_name\": \"sub/a.png\", \"width\": 20, \"height\": 10}", "");
        assertThat(CocoFile.read(nested).images()).hasSize(1);
    }

    @Test
    void anImageOfAnotherSizeThanDeclaredIsAnError() throws IOException {
        Path f = annotations(IMAGE, "");
        ImageFiles.writePng(FloatImage.zeros(3, 12, 20), dir.resolve("images/a.png"));
        CocoDetection ds = CocoDetection.open(dir.resolve("images"), f);
        assertThatThrownBy(() -> ds.get(0)).isInstanceOf(UncheckedIOException.class).hasMessageContaining("a.png")
                .hasMessageContaining("20x12 pixels").hasMessageContaining("says 20x10");
    }

    @Test
    void imageSizesMustBePositive() throws IOException {
        Path f = annotations("{\"id\": 1, \"file_name\": \"a.png\", \"width\": 0, \"height\": 10}", "");
        assertThatThrownBy(() -> CocoFile.read(f)).hasMessageContaining("images[0] (id 1): width and height must be positive");
    }
}
