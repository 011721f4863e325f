package dev.mamori.data.emoji;

import dev.mamori.data.Box;
import dev.mamori.data.BoxAnnotation;
import dev.mamori.data.DetectionDataset;
import dev.mamori.data.DetectionExample;
import dev.mamori.data.FloatImage;
import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.data.catalog.DatasetLocation;
import dev.mamori.data.formats.CocoDetection;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.mamori.data.RealData.locate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * emoji-detection on the installed emoji packages: canvases are seeded and reproducible, boxes lie inside the canvas,
 * train and test paste disjoint emoji, and the catalog serves the COCO export read back through the COCO reader with
 * exactly the generated pixels and boxes.
 */
class EmojiDetectionTest {
    private final DataCatalog catalog = DataCatalog.fromEnvironment();

    private EmojiDetectionCanvases canvases(String split, Map<String, String> options) throws IOException {
        DatasetLocation where = locate(catalog, "emoji-detection", true);
        Path cache = where.path().toAbsolutePath().getParent().resolve("cache");
        return EmojiDetectionCanvases.open(where.path(), cache, EmojiDetectionOptions.parse(options, "emoji-detection"), split, System.err);
    }

    @Test
    void canvasesAreSeededAndTheirBoxesFit() throws IOException {
        EmojiDetectionCanvases train = canvases("train", Map.of("train-count", "30", "test-count", "10"));
        assertThat(train.size()).isEqualTo(30);
        assertThat(train.classes()).containsExactly("Smileys & Emotion", "Animals & Nature", "Food & Drink", "Flags");
        assertThat(train.categories()).extracting(c -> c.id()).containsExactly(1, 2, 3, 4);
        int objects = 0;
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < train.size(); i++) {
            DetectionExample e = train.get(i);
            assertThat(e.imageId()).isEqualTo(i + 1L);
            assertThat(e.image().shapeString()).isEqualTo("3x64x64");
            assertThat(e.objects()).hasSizeBetween(1, 6);
            for (BoxAnnotation a : e.objects()) {
                assertThat(a.box().isInside(64, 64)).isTrue();
                assertThat(a.box().width()).isBetween(1.0, 28.0);
                seen.add(a.category());
            }
            for (int j = 0; j < e.objects().size(); j++) {
                for (int k = j + 1; k < e.objects().size(); k++) assertThat(e.objects().get(j).box().iou(e.objects().get(k).box())).isLessThanOrEqualTo(0.1);
            }
            objects += e.objects().size();
        }
        assertThat(seen).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(objects).isGreaterThan(30 * 2);
        assertThat(train.get(7)).isEqualTo(canvases("train", Map.of("train-count", "30")).get(7));
        assertThat(train.get(7)).isNotEqualTo(canvases("train", Map.of("train-count", "30", "seed", "1")).get(7));
        assertThat(train.get(7).image()).isNotEqualTo(train.get(8).image());
    }

    @Test
    void trainAndTestPasteDisjointEmoji() throws IOException {
        EmojiDetectionCanvases train = canvases("train", Map.of());
        EmojiDetectionCanvases test = canvases("test", Map.of());
        assertThat(train.identities()).doesNotContainAnyElementsOf(test.identities());
        assertThat(test.glyphCounts()).allMatch(n -> n > 0);
        assertThat(test.size()).isEqualTo(1000);
        assertThat(train.size()).isEqualTo(4000);
    }

    @Test
    void theCatalogServesTheCocoExportReadBackExactly() throws IOException {
        Map<String, String> options = Map.of("size", "128", "classes", "food+flags", "objects", "2-3", "train-count", "8", "test-count", "4");
        DetectionDataset served = (DetectionDataset) catalog.open("emoji-detection:size=128,classes=food+flags,objects=2-3,train-count=8,test-count=4", "test");
        assertThat(served).isInstanceOf(CocoDetection.class);
        EmojiDetectionCanvases generated = canvases("test", options);
        assertThat(served.size()).isEqualTo(4);
        assertThat(served.classes()).containsExactly("Food & Drink", "Flags");
        for (int i = 0; i < 4; i++) {
            DetectionExample a = served.get(i), b = generated.get(i);
            assertThat(a.imageId()).isEqualTo(b.imageId());
            assertThat(a.objects()).isEqualTo(b.objects());
            FloatImage pa = a.image().toFloat(), pb = b.image().toFloat();
            assertThat(pa.pixels()).containsExactly(pb.pixels());
            for (BoxAnnotation o : a.objects()) assertThat(o.box().width()).isBetween(1.0, 56.0);
        }
        List<Box> boxes = served.get(0).objects().stream().map(BoxAnnotation::box).toList();
        assertThat(boxes).hasSizeBetween(1, 3);
    }

    @Test
    void badOptionsNameTheOption() {
        assertThatThrownBy(() -> EmojiDetectionOptions.parse(Map.of("classes", "smileys+cars"), "emoji-detection"))
                .hasMessageContaining("option 'classes'").hasMessageContaining("cars");
        assertThatThrownBy(() -> EmojiDetectionOptions.parse(Map.of("size", "96"), "emoji-detection")).hasMessageContaining("option 'size'");
        assertThatThrownBy(() -> EmojiDetectionOptions.parse(Map.of("objects", "3-1"), "emoji-detection")).hasMessageContaining("option 'objects'");
        assertThatThrownBy(() -> EmojiDetectionOptions.parse(Map.of("colour", "red"), "emoji-detection")).hasMessageContaining("no option 'colour'");
        assertThat(EmojiDetectionOptions.parse(Map.of("size", "128"), "x").maxSide()).isEqualTo(56);
    }
}
