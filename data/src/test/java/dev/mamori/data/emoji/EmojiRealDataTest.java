package dev.mamori.data.emoji;

import static dev.mamori.data.RealData.locate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.data.Batch;
import dev.mamori.data.ByteImage;
import dev.mamori.data.DataLoader;
import dev.mamori.data.Dataset;
import dev.mamori.data.LabeledImage;
import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.data.catalog.DatasetSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The emoji views on the installed npm packages (.ci/install-data). Expected counts are computed here from the raw
 * JSON metadata and the files present, independently of the readers under test.
 */
class EmojiRealDataTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DataCatalog catalog = DataCatalog.fromEnvironment();

    private Path prefix(String name) {
        return locate(catalog, name, true).path();
    }

    /** Counts glyphs of emoji.json (bases and skin variations) that pass {@code in} and whose PNG is present. */
    private static Map<String, Integer> countPresent(Path prefix, java.util.function.BiPredicate<JsonNode, Boolean> in) throws IOException {
        JsonNode root = JSON.readTree(prefix.resolve("node_modules/emoji-datasource/emoji.json").toFile());
        Map<String, Integer> perVendor = new HashMap<>();
        for (EmojiVendor v : EmojiVendor.defaults()) {
            int n = 0;
            for (JsonNode e : root) {
                List<JsonNode> glyphs = new java.util.ArrayList<>(List.of(e));
                if (e.has("skin_variations")) e.get("skin_variations").forEach(glyphs::add);
                for (JsonNode g : glyphs) {
                    boolean variant = g != e;
                    if (!in.test(e, variant) || !g.get(v.imageFlag()).asBoolean()) continue;
                    if (Files.isRegularFile(v.imageDir(prefix).resolve(g.get("image").asText()))) n++;
                }
            }
            perVendor.put(v.id(), n);
        }
        return perVendor;
    }

    @Test
    void emojiCategoryCountsAreWhatThePackagesHold() throws IOException {
        Path prefix = prefix("emoji-category");
        Map<String, Integer> expected = countPresent(prefix, (e, variant) -> !variant && !e.get("category").asText().equals("Component"));
        long t0 = System.nanoTime();
        Dataset<?> all = catalog.open("emoji-category", "all");
        double firstOpen = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        Dataset<?> train = catalog.open("emoji-category", "train"), test = catalog.open("emoji-category", "test");
        System.out.printf("emoji-category: first open %.2f s (cold when the cache was absent), train+test %.2f s%n",
                firstOpen, (System.nanoTime() - t0) / 1e9);
        assertThat(all.size()).isEqualTo(expected.get("google") + expected.get("twitter"));
        assertThat(train.size() + test.size()).isEqualTo(all.size());
        assertThat(all.classes()).hasSize(9).doesNotContain("Component")
                .startsWith("Smileys & Emotion", "People & Body").endsWith("Flags");
        EmojiExample first = (EmojiExample) all.get(0);
        assertThat(first.image().shapeString()).isEqualTo("3x32x32");
        assertThat(((EmojiExample) catalog.open("emoji-category:size=64", "all").get(0)).image().shapeString()).isEqualTo("3x64x64");
        // every class is on both sides of the identity split, about 20% held out
        Set<Integer> trainLabels = new HashSet<>(), testLabels = new HashSet<>();
        for (int i = 0; i < train.size(); i++) trainLabels.add(train.labelAt(i));
        for (int i = 0; i < test.size(); i++) testLabels.add(test.labelAt(i));
        assertThat(trainLabels).hasSize(9);
        assertThat(testLabels).hasSize(9);
        assertThat((double) test.size() / all.size()).isBetween(0.18, 0.22);

        Dataset<?> allTones = catalog.open("emoji-category:skin-tones=all", "all");
        Map<String, Integer> withTones = countPresent(prefix, (e, variant) -> !e.get("category").asText().equals("Component"));
        assertThat(allTones.size()).isEqualTo(withTones.get("google") + withTones.get("twitter"));
    }

    @Test
    void emojiFacesCountsAreWhatThePackagesHold() throws IOException {
        Path prefix = prefix("emoji-faces");
        Map<String, Integer> expected = countPresent(prefix, (e, variant) -> {
            String cat = e.get("category").asText(), sub = e.get("subcategory").asText();
            return cat.equals("People & Body") && sub.startsWith("person") && !sub.equals("person-symbol")
                    || cat.equals("Smileys & Emotion") && sub.startsWith("face-") && !sub.equals("face-costume");
        });
        Dataset<?> all = catalog.open("emoji-faces", "all");
        assertThat(all.size()).isEqualTo(expected.get("google") + expected.get("twitter"));
        assertThat(all.classes()).containsExactly("none", "light skin tone", "medium-light skin tone", "medium skin tone",
                "medium-dark skin tone", "dark skin tone");
        int[] tones = new int[6];
        Map<Hair, Integer> hair = new HashMap<>();
        int glasses = 0;
        for (int i = 0; i < all.size(); i++) {
            EmojiFaceExample e = (EmojiFaceExample) all.get(i);
            tones[e.label()]++;
            hair.merge(e.attributes().hair(), 1, Integer::sum);
            if (e.attributes().eyeglasses()) glasses++;
            assertThat(e.attributes().multiHot()).hasSize(FaceAttributes.multiHotNames().size());
        }
        // every toned glyph exists in all five tones
        assertThat(tones[1]).isPositive();
        assertThat(new int[] {tones[2], tones[3], tones[4], tones[5]}).containsOnly(tones[1]);
        assertThat(hair.keySet()).containsAll(List.of(Hair.values()));
        assertThat(glasses).as("only 'smiling face with sunglasses' says glasses, drawn by 2 vendors").isEqualTo(2);
        Dataset<?> gender = catalog.open("emoji-faces:target=gender", "all");
        assertThat(gender.classes()).containsExactly("man", "woman", "person", "unspecified");
    }

    @Test
    void namedExamplesParseAsTheirNamesSay() throws IOException {
        EmojiMetadata meta = EmojiMetadata.read(prefix("emoji-faces"));
        Map<String, EmojiRecord> byCode = new HashMap<>();
        for (EmojiRecord r : meta.records()) byCode.put(r.unified(), r);
        Set<String> codes = meta.unifiedCodes();
        Function<String, FaceAttributes> attrs = code -> FaceAttributes.parse(byCode.get(code), false, codes);

        assertThat(byCode.get("1F469-1F3FE-200D-1F9B0").caption()).isEqualTo("woman: red hair, medium-dark skin tone");
        assertThat(attrs.apply("1F469-1F3FE-200D-1F9B0")).isEqualTo(new FaceAttributes(SkinTone.MEDIUM_DARK, Gender.WOMAN, Hair.RED, false, false));
        assertThat(byCode.get("1F468-1F3FD-200D-1F4BB").caption()).isEqualTo("man technologist: medium skin tone");
        assertThat(attrs.apply("1F468-1F3FD-200D-1F4BB").gender()).isEqualTo(Gender.MAN);
        // legacy Unicode name says "man", but man and woman variants exist: the base is the gender-neutral person
        assertThat(byCode.get("1F935").name()).isEqualTo("MAN IN TUXEDO");
        assertThat(attrs.apply("1F935").gender()).isEqualTo(Gender.PERSON);
        assertThat(attrs.apply("1F935-200D-2640-FE0F").gender()).isEqualTo(Gender.WOMAN);
        assertThat(attrs.apply("1F471").hair()).isEqualTo(Hair.BLOND);
        assertThat(attrs.apply("1F9D1-200D-1F9B2")).isEqualTo(new FaceAttributes(SkinTone.NONE, Gender.PERSON, Hair.BALD, false, false));
        assertThat(attrs.apply("1F9D4-200D-2642-FE0F")).isEqualTo(new FaceAttributes(SkinTone.NONE, Gender.MAN, Hair.UNSPECIFIED, false, true));
        assertThat(attrs.apply("1F9DC-200D-2640-FE0F").gender()).isEqualTo(Gender.WOMAN); // mermaid
        assertThat(attrs.apply("1F466").gender()).isEqualTo(Gender.MAN); // boy
        FaceAttributes sunglasses = FaceAttributes.parse(byCode.get("1F60E"), true, codes);
        assertThat(sunglasses).isEqualTo(new FaceAttributes(SkinTone.NONE, Gender.UNSPECIFIED, Hair.UNSPECIFIED, true, false));
        assertThat(byCode.get("1F469-1F3FB-200D-2764-FE0F-200D-1F468-1F3FF").caption())
                .isEqualTo("couple with heart: woman, man, light skin tone, dark skin tone");
    }

    private static <E> Set<String> identities(Dataset<E> ds, Function<E, String> identity) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < ds.size(); i++) out.add(identity.apply(ds.get(i)));
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void identitySplitsAreDisjointAndDeterministic() throws IOException {
        prefix("emoji-faces");
        for (String name : List.of("emoji-category", "emoji-faces")) {
            Dataset<LabeledImage> train = (Dataset<LabeledImage>) catalog.open(name, "train");
            Dataset<LabeledImage> test = (Dataset<LabeledImage>) catalog.open(name, "test");
            Function<LabeledImage, String> id = e -> e instanceof EmojiExample x ? x.emoji().identity()
                    : ((EmojiFaceExample) e).emoji().identity();
            Set<String> trainIds = identities(train, id), testIds = identities(test, id);
            assertThat(trainIds).as(name).doesNotContainAnyElementsOf(testIds);
            // the same seed gives the same split and pixels; another seed another split
            Dataset<LabeledImage> again = (Dataset<LabeledImage>) catalog.open(name, "test");
            assertThat(again.size()).isEqualTo(test.size());
            for (int i = 0; i < test.size(); i += 97) {
                assertThat(id.apply(again.get(i))).isEqualTo(id.apply(test.get(i)));
                assertThat(again.get(i).image()).isEqualTo(test.get(i).image());
            }
            Set<String> otherSeed = identities((Dataset<LabeledImage>) catalog.open(name + ":seed=1", "test"), id);
            assertThat(otherSeed).isNotEqualTo(testIds);
        }
        // emoji-faces: every skin-tone variant of a test emoji is in the test split too
        Dataset<EmojiFaceExample> faces = (Dataset<EmojiFaceExample>) catalog.open("emoji-faces", "test");
        Map<String, Set<SkinTone>> tonesOf = new HashMap<>();
        for (int i = 0; i < faces.size(); i++) {
            EmojiFaceExample e = faces.get(i);
            tonesOf.computeIfAbsent(e.emoji().identity(), k -> new HashSet<>()).add(e.attributes().skinTone());
        }
        assertThat(tonesOf.get(tonesOf.keySet().stream().filter(k -> tonesOf.get(k).size() > 1).findFirst().orElseThrow()))
                .hasSize(6);
    }

    @Test
    @SuppressWarnings("unchecked")
    void vendorSplitTrainsOnGoogleAndTestsOnTwitter() throws IOException {
        prefix("emoji-category");
        Dataset<EmojiExample> train = (Dataset<EmojiExample>) catalog.open("emoji-category:split=vendor", "train");
        Dataset<EmojiExample> test = (Dataset<EmojiExample>) catalog.open("emoji-category:split=vendor", "test");
        assertThat(identities(train, e -> e.vendor().id())).containsExactly("google");
        assertThat(identities(test, e -> e.vendor().id())).containsExactly("twitter");
        Dataset<EmojiExample> flipped = (Dataset<EmojiExample>) catalog.open("emoji-category:split=vendor,test-vendor=google", "test");
        assertThat(identities(flipped, e -> e.vendor().id())).containsExactly("google");
        // a classification batch: [N, 3, 32, 32] in [0, 1] through the DataLoader, as ImageData trains on
        try (DataLoader<LabeledImage, Batch> loader = DataLoader.images((Dataset<LabeledImage>) (Dataset<?>) train).batchSize(64).build()) {
            Batch b = loader.iterator().next();
            assertThat(b.images().shape()).containsExactly(64, 3, 32, 32);
            assertThat(b.images().minNumber().floatValue()).isGreaterThanOrEqualTo(0f);
            assertThat(b.images().maxNumber().floatValue()).isEqualTo(1f); // white background
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void openmojiSketchPairsLineArtWithColour() throws IOException {
        Path prefix = prefix("openmoji-sketch");
        JsonNode root = JSON.readTree(prefix.resolve("node_modules/openmoji/data/openmoji.json").toFile());
        int expected = 0;
        for (JsonNode e : root) {
            String hex = e.get("hexcode").asText();
            if (!e.get("group").asText().equals("component")
                    && Files.isRegularFile(prefix.resolve("node_modules/openmoji/color/svg/" + hex + ".svg"))
                    && Files.isRegularFile(prefix.resolve("node_modules/openmoji/black/svg/" + hex + ".svg"))) expected++;
        }
        long t0 = System.nanoTime();
        Dataset<SketchPair> all = (Dataset<SketchPair>) catalog.open("openmoji-sketch", "all");
        System.out.printf("openmoji-sketch: first open %.2f s (cold when the cache was absent)%n", (System.nanoTime() - t0) / 1e9);
        assertThat(all.size()).isEqualTo(expected);
        Dataset<SketchPair> train = (Dataset<SketchPair>) catalog.open("openmoji-sketch", "train");
        Dataset<SketchPair> test = (Dataset<SketchPair>) catalog.open("openmoji-sketch", "test");
        assertThat(train.size() + test.size()).isEqualTo(all.size());
        assertThat(identities(train, p -> p.emoji().identity())).doesNotContainAnyElementsOf(identities(test, p -> p.emoji().identity()));
        SketchPair grinning = null;
        for (int i = 0; i < all.size() && grinning == null; i++) if (all.get(i).emoji().hexcode().equals("1F600")) grinning = all.get(i);
        assertThat(grinning).isNotNull();
        assertThat(grinning.caption()).isEqualTo("grinning face");
        assertThat(grinning.lineArt().shapeString()).isEqualTo("3x32x32");
        // line art is black on white (grey levels only, r = g = b); the colour rendering has a yellow face
        ByteImage line = (ByteImage) grinning.lineArt(), colour = (ByteImage) grinning.colour();
        int coloured = 0;
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                assertThat(line.get(0, y, x)).isEqualTo(line.get(1, y, x)).isEqualTo(line.get(2, y, x));
                if (colour.get(0, y, x) > 200 && colour.get(1, y, x) > 150 && colour.get(2, y, x) < 100) coloured++;
            }
        }
        assertThat(coloured).isGreaterThan(100);
    }

    @Test
    void showStatesTheLicenceOfEachSet() throws IOException {
        prefix("emoji-category");
        DatasetSummary s = catalog.show("emoji-category");
        assertThat(String.join("\n", s.notes())).contains("google images").contains("Apache License 2.0")
                .contains("Creative Commons Attribution 4.0").contains("apple images").contains("not licensed for commercial usage")
                .contains("facebook images").contains("no clear licensing");
        assertThat(s.options()).containsKeys("size", "split", "vendors", "test-vendor", "seed");
        prefix("openmoji-sketch");
        assertThat(catalog.show("openmoji-sketch").notes()).anyMatch(n -> n.contains("CC BY-SA 4.0"));
    }
}
