package dev.mamori.data.formats;

import static dev.mamori.data.formats.IdxTest.catchIo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.data.Box;
import dev.mamori.data.BoxAnnotation;
import dev.mamori.data.Category;
import dev.mamori.data.DetectionExample;
import dev.mamori.data.FloatImage;
import dev.mamori.data.MalformedDataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoFileTest {
    @TempDir Path dir;

    private static CocoFile sample() {
        return new CocoFile(
                List.of(new CocoImage(7, "b.png", 6, 4), new CocoImage(3, "a.png", 6, 4)),
                List.of(new CocoAnnotation(1, 7, 18, new Box(1, 0.5, 2, 3), 6, false),
                        new CocoAnnotation(2, 7, 1, new Box(0, 0, 6, 4), 24, true),
                        new CocoAnnotation(5, 3, 1, new Box(2.25, 1, 1.5, 1), 1.5, false)),
                List.of(new Category(1, "person", "human"), new Category(18, "dog", "animal")));
    }

    @Test
    void writeThenReadRoundTrips() throws IOException {
        Path f = dir.resolve("instances.json");
        sample().write(f);
        assertThat(CocoFile.read(f)).isEqualTo(sample());
        String json = Files.readString(f);
        assertThat(json).contains("\"bbox\":[1.0,0.5,2.0,3.0]").contains("\"iscrowd\":1").contains("\"file_name\":\"b.png\"");
    }

    @Test
    void readsTheOfficialLayoutIgnoringExtraFields() throws IOException {
        Path f = dir.resolve("official.json");
        Files.writeString(f, """
                {"info": {"year": 2017}, "licenses": [{"id": 1}],
                 "images": [{"license": 1, "file_name": "000000000139.jpg", "height": 426, "width": 640, "id": 139}],
                 "annotations": [{"segmentation": [[1, 2, 3, 4]], "area": 531.8, "iscrowd": 0, "image_id": 139,
                                  "bbox": [236.98, 142.51, 24.7, 69.5], "category_id": 64, "id": 26547}],
                 "categories": [{"supercategory": "furniture", "id": 64, "name": "potted plant"}]}
                """);
        CocoFile coco = CocoFile.read(f);
        CocoAnnotation a = coco.annotations().get(0);
        assertThat(a.bbox()).isEqualTo(new Box(236.98, 142.51, 24.7, 69.5));
        assertThat(a.area()).isEqualTo(531.8);
        assertThat(a.crowd()).isFalse();
        assertThat(coco.images().get(0)).isEqualTo(new CocoImage(139, "000000000139.jpg", 640, 426));
        assertThat(coco.categories().get(0).supercategory()).isEqualTo("furniture");
    }

    @Test
    void truncatedJsonGivesTheByteOffset() throws IOException {
        Path f = dir.resolve("cut.json");
        sample().write(f);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, 120));
        MalformedDataException e = (MalformedDataException) catchIo(() -> CocoFile.read(f));
        assertThat(e.file()).isEqualTo(f);
        assertThat(e.byteOffset()).isEqualTo(120);
        assertThat(e).hasMessageContaining("invalid JSON");
    }

    @Test
    void dataErrorsNameTheRecord() throws IOException {
        Path f = dir.resolve("bad.json");
        String good = """
                {"images": [{"id": 1, "file_name": "x.png", "width": 2, "height": 2}],
                 "categories": [{"id": 1, "name": "thing"}],
                 "annotations": [%s]}""";
        Files.writeString(f, String.format(good, "{\"id\": 9, \"image_id\": 2, \"category_id\": 1, \"bbox\": [0,0,1,1]}"));
        assertThatThrownBy(() -> CocoFile.read(f)).hasMessageContaining("annotations[0] (id 9)").hasMessageContaining("image_id 2");
        Files.writeString(f, String.format(good, "{\"id\": 9, \"image_id\": 1, \"category_id\": 4, \"bbox\": [0,0,1,1]}"));
        assertThatThrownBy(() -> CocoFile.read(f)).hasMessageContaining("category_id 4");
        Files.writeString(f, String.format(good, "{\"id\": 9, \"image_id\": 1, \"category_id\": 1, \"bbox\": [0,0,1]}"));
        assertThatThrownBy(() -> CocoFile.read(f)).hasMessageContaining("bbox must be an array of 4 numbers");
        Files.writeString(f, String.format(good, "{\"id\": 9, \"image_id\": 1, \"category_id\": 1, \"bbox\": [0,0,-1,1]}"));
        assertThatThrownBy(() -> CocoFile.read(f)).hasMessageContaining("negative");
        Files.writeString(f, String.format(good, "{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0,0,1,1]}"));
        assertThatThrownBy(() -> CocoFile.read(f)).hasMessageContaining("annotations[0]: field 'id'");
        Files.writeString(f, "{\"images\": []}");
        assertThatThrownBy(() -> CocoFile.read(f)).hasMessageContaining("'categories'");
        Files.write(f, "[1, 2]".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> CocoFile.read(f)).hasMessageContaining("expected a JSON object");
    }

    @Test
    void cocoDetectionServesImagesWithTheirBoxesInImageIdOrder() throws IOException {
        ImageFiles.writePng(FloatImage.zeros(3, 4, 6), dir.resolve("img/a.png"));
        ImageFiles.writePng(new FloatImage(1, 4, 6, filled(24, 1f)), dir.resolve("img/b.png"));
        sample().write(dir.resolve("ann.json"));
        CocoDetection ds = CocoDetection.open(dir.resolve("img"), dir.resolve("ann.json"));
        assertThat(ds.size()).isEqualTo(2);
        DetectionExample first = ds.get(0);
        assertThat(first.imageId()).isEqualTo(3);
        assertThat(first.objects()).containsExactly(new BoxAnnotation(new Box(2.25, 1, 1.5, 1), 1, false));
        DetectionExample second = ds.get(1);
        assertThat(second.image().shapeString()).isEqualTo("3x4x6");
        assertThat(second.image().value(1, 3, 5)).isEqualTo(255f);
        assertThat(second.objects()).extracting(BoxAnnotation::category).containsExactly(18, 1);
        assertThat(second.objects().get(1).crowd()).isTrue();
        assertThat(ds.classes()).containsExactly("person", "dog");
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }
}
