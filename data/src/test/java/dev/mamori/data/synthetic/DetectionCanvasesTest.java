package dev.mamori.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.data.Box;
import dev.mamori.data.BoxAnnotation;
import dev.mamori.data.DetectionExample;
import dev.mamori.data.FloatImage;
import dev.mamori.data.InMemoryImageDataset;
import dev.mamori.data.formats.CocoDetection;
import dev.mamori.data.formats.CocoFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionCanvasesTest {
    @TempDir Path dir;

    /** 28x28 objects: a filled rectangle whose extent depends on the index, labels i % 3. */
    private static InMemoryImageDataset objects(int n) {
        byte[] pixels = new byte[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int top = 2 + i % 5, left = 4 + i % 7;
            for (int y = top; y < 24; y++) for (int x = left; x < 26; x++) pixels[i * 784 + y * 28 + x] = (byte) (100 + i);
            labels[i] = i % 3;
        }
        return new InMemoryImageDataset(1, 28, 28, pixels, labels, List.of("shirt", "bag", "boot"));
    }

    @Test
    void boxesLieInsideTheCanvasWithConfiguredCountsAndOverlap() {
        DetectionCanvases ds = DetectionCanvases.builder(objects(30)).size(60).canvasSize(96).objectsPerImage(2, 4)
                .objectSide(20, 40).maxIou(0.1).seed(4).build();
        int total = 0;
        for (int i = 0; i < ds.size(); i++) {
            DetectionExample ex = ds.get(i);
            assertThat(ex.image().shapeString()).isEqualTo("1x96x96");
            assertThat(ex.objects().size()).isBetween(1, 4); // a crowded canvas may leave an object out
            total += ex.objects().size();
            for (BoxAnnotation a : ex.objects()) {
                assertThat(a.box().isInside(96, 96)).as("box %s of canvas %d", a.box(), i).isTrue();
                assertThat(a.box().width()).isBetween(1.0, 40.0);
                assertThat(a.category()).isBetween(1, 3);
                for (BoxAnnotation b : ex.objects()) if (a != b) assertThat(a.box().iou(b.box())).isLessThanOrEqualTo(0.1);
            }
        }
        assertThat(total).isGreaterThan(60 * 2);
        assertThat(ds.categories()).extracting(c -> c.id() + ":" + c.name()).containsExactly("1:shirt", "2:bag", "3:boot");
    }

    @Test
    void tightBoxesEncloseExactlyTheNonZeroPixelsOfASingleObject() {
        DetectionCanvases ds = DetectionCanvases.builder(objects(10)).size(20).canvasSize(64).objectsPerImage(1, 1)
                .objectSide(14, 40).seed(1).build();
        for (int i = 0; i < ds.size(); i++) {
            DetectionExample ex = ds.get(i);
            Box box = ex.objects().get(0).box();
            FloatImage img = (FloatImage) ex.image();
            int x1 = 64, y1 = 64, x2 = 0, y2 = 0;
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    if (img.get(0, y, x) > 0) {
                        x1 = Math.min(x1, x);
                        y1 = Math.min(y1, y);
                        x2 = Math.max(x2, x + 1);
                        y2 = Math.max(y2, y + 1);
                    }
                }
            }
            assertThat(box).isEqualTo(new Box(x1, y1, x2 - x1, y2 - y1));
        }
    }

    @Test
    void canvasesAreReproducibleFromTheSeed() {
        DetectionCanvases a = DetectionCanvases.builder(objects(10)).size(5).seed(3).build();
        DetectionCanvases b = DetectionCanvases.builder(objects(10)).size(5).seed(3).build();
        DetectionCanvases c = DetectionCanvases.builder(objects(10)).size(5).seed(4).build();
        assertThat(b.get(2)).isEqualTo(a.get(2));
        assertThat(c.get(2)).isNotEqualTo(a.get(2));
        DetectionCanvases whole = DetectionCanvases.builder(objects(10)).size(5).seed(3).tightBoxes(false).channels(3).build();
        DetectionExample ex = whole.get(0);
        assertThat(ex.image().channels()).isEqualTo(3);
        for (BoxAnnotation o : ex.objects()) assertThat(o.box().width()).isEqualTo(o.box().height());
    }

    @Test
    void cocoExportReadsBackAsTheSameDetectionDataset() throws IOException {
        DetectionCanvases ds = DetectionCanvases.builder(objects(12)).size(6).canvasSize(80).seed(8).build();
        CocoFile written = ds.exportCoco(dir);
        assertThat(written.images()).hasSize(6);
        CocoDetection back = CocoDetection.open(dir.resolve("images"), dir.resolve("annotations.json"), 1);
        assertThat(back.size()).isEqualTo(6);
        assertThat(back.categories()).isEqualTo(ds.categories());
        for (int i = 0; i < 6; i++) {
            DetectionExample original = ds.get(i), read = back.get(i);
            assertThat(read.imageId()).isEqualTo(original.imageId());
            assertThat(read.objects()).isEqualTo(original.objects());
            // pixels were quantised to 8 bits, so the PNG holds exactly the canvas
            assertThat(read.image().toFloat()).isEqualTo(original.image());
        }
    }
}
