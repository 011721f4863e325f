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
    void fileNamesThatLeaveTheImageDirectoryAndImplausibleSizesAreRefused() throws IOException {
        Path f = dir.resolve("hostile.json");
        String template = """
                {"images": [{"id": 1, "file_name": %s, "width": %s, "height": 2}],
                 "categories": [{"id": %s, "name": "thing"}], "annotations": []}""";
        for (String name : List.of("\"../../etc/passwd\"", "\"/etc/passwd\"", "\"img/../../x.png\"", "\"a\\\\b.png\"", "\"\"")) {
            Files.writeString(f, String.format(template, name, "2", "1"));
            assertThatThrownBy(() -> CocoFile.read(f)).as(name).isInstanceOf(MalformedDataException.class).hasMessageContaining(f.toString())
                    .hasMessageContaining("images[0]: field 'file_name'").hasMessageContaining("inside the image directory");
        }
        Files.writeString(f, String.format(template, "\"sub/ok.png\"", "2", "1"));
        assertThat(CocoFile.read(f).images().get(0).fileName()).isEqualTo("sub/ok.png");
        for (String width : List.of("0", "-3", "4294967297", "100000", "2.5", "\"2\"")) {
            Files.writeString(f, String.format(template, "\"x.png\"", width, "1"));
            assertThatThrownBy(() -> CocoFile.read(f)).as(width).hasMessageContaining("images[0]: field 'width'").hasMessageContaining("1 to 65536");
        }
        Files.writeString(f, String.format(template, "\"x.png\"", "2", "4294967297"));
        assertThatThrownBy(() -> CocoFile.read(f)).hasMessageContaining("categories[0]: field 'id'").hasMessageContaining("outside the int range");

        // an image whose decoded size is not the declared one is refused, naming the file and the fields
        ImageFiles.writePng(FloatImage.zeros(3, 4, 6), dir.resolve("img/a.png"));
        new CocoFile(List.of(new CocoImage(3, "a.png", 7, 4)), List.of(), List.of(new Category(1, "person", "human"))).write(dir.resolve("ann.json"));
        CocoDetection ds = CocoDetection.open(dir.resolve("img"), dir.resolve("ann.json"));
        assertThatThrownBy(() -> ds.get(0)).hasCauseInstanceOf(MalformedDataException.class).hasMessageContaining("a.png")
                .hasMessageContaining("6x4 pixels").hasMessageContaining("'width', 'height'").hasMessageContaining("7x4");
        // names are checked again where they are resolved
        assertThatThrownBy(() -> ds.imageFile(new CocoImage(9, "../outside.png", 1, 1))).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("leaves the image directory");
    }

    @Test
    void anImageDeclaringMorePixelsThanTheCapIsRefusedBeforeDecoding() throws IOException {
        Path png = dir.resolve("small.png");
        ImageFiles.writePng(FloatImage.zeros(1, 2, 2), png);
        byte[] bytes = Files.readAllBytes(png);
        // IHDR starts at byte 8: length (4), "IHDR" (4), width (4), height (4), ...; its CRC covers type and data
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
        b.putInt(16, 100_000).putInt(20, 100_000);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes, 12, 17);
        b.putInt(29, (int) crc.getValue());
        Path bomb = dir.resolve("bomb.png");
        Files.write(bomb, bytes);
        assertThatThrownBy(() -> ImageFiles.read(bomb, 3)).isInstanceOf(MalformedDataException.class).hasMessageContaining(bomb.toString())
                .hasMessageContaining("100000x100000").hasMessageContaining("at most " + ImageFiles.MAX_PIXELS);
        assertThat(ImageFiles.read(png, 1).width()).isEqualTo(2);
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
