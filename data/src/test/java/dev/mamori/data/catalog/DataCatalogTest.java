package dev.mamori.data.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.data.Dataset;
import dev.mamori.data.LabeledImage;
import dev.mamori.data.formats.Idx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCatalogTest {
    @TempDir Path tmp;

    /** A tiny Fashion-MNIST: n train and n / 2 test images of 2x2 with labels i % 10. */
    static void writeFashion(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        for (String prefix : List.of("train", "t10k")) {
            int count = prefix.equals("train") ? n : n / 2;
            byte[] labels = new byte[count];
            for (int i = 0; i < count; i++) labels[i] = (byte) (i % 10);
            Idx.write(dir.resolve(prefix + "-images-idx3-ubyte.gz"), new int[] {count, 2, 2}, new byte[count * 4], true);
            Idx.write(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), new int[] {count}, labels, true);
        }
    }

    private DataCatalog catalog() {
        return new DataCatalog(List.of(tmp.resolve("env"), tmp.resolve("home")), tmp.resolve("system"));
    }

    @Test
    void rootsAreSearchedInOrderBeforeTheDebianLocation() throws IOException {
        DataCatalog c = catalog();
        assertThat(c.locate("fashion-mnist")).isEmpty();
        writeFashion(tmp.resolve("system/fashion-mnist"), 4);
        assertThat(c.locate("fashion-mnist").orElseThrow().path()).isEqualTo(tmp.resolve("system/fashion-mnist"));
        assertThat(c.locate("fashion-mnist").orElseThrow().form()).contains("dataset-fashion-mnist");
        writeFashion(tmp.resolve("home/FashionMNIST/raw"), 4);
        assertThat(c.locate("Fashion-MNIST").orElseThrow().path()).isEqualTo(tmp.resolve("home/FashionMNIST"));
        writeFashion(tmp.resolve("env/fashion-mnist"), 4);
        assertThat(c.locate("fashion-mnist").orElseThrow().path()).isEqualTo(tmp.resolve("env/fashion-mnist"));
        assertThat(c.npmPrefix()).isEqualTo(tmp.resolve("env/npm"));
    }

    @Test
    void openReturnsTheSplitsAndExplainsAbsence() throws IOException {
        DataCatalog c = catalog();
        assertThatThrownBy(() -> c.open("cifar10", "train")).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("cifar-10-binary.tar.gz").hasMessageContaining(tmp.resolve("env").toString());
        writeFashion(tmp.resolve("home/fashion-mnist"), 20);
        Dataset<? extends LabeledImage> train = c.openImages("fashion-mnist", "train");
        assertThat(train.size()).isEqualTo(20);
        assertThat(train.classes()).hasSize(10).startsWith("T-shirt/top");
        assertThat(c.open("fashion-mnist", "test").size()).isEqualTo(10);
        assertThatThrownBy(() -> c.open("fashion-mnist", "valid")).hasMessageContaining("[train, test]");
        assertThatThrownBy(() -> c.open("svhn", "train")).hasMessageContaining("unknown dataset 'svhn'")
                .hasMessageContaining("fashion-mnist");
    }

    @Test
    void listTellsWhatIsPresentAndWhere() throws IOException {
        writeFashion(tmp.resolve("home/fashion-mnist"), 4);
        List<DatasetStatus> all = catalog().list();
        assertThat(all).extracting(DatasetStatus::name)
                .containsExactly("fashion-mnist", "mnist", "sentiment", "cmudict", "cifar10", "cifar100", "celeba", "imagenet", "coco",
                        "emoji-category", "emoji-faces", "openmoji-sketch", "emoji-detection");
        assertThat(all.get(0).present()).isTrue();
        assertThat(all.get(0).location().path()).isEqualTo(tmp.resolve("home/fashion-mnist"));
        assertThat(all.get(0).fetchMethod()).isEqualTo(FetchMethod.APT);
        assertThat(all.subList(1, all.size())).allMatch(s -> !s.present());
    }

    @Test
    void showSummarisesSplitsClassesShapeAndLabels() throws IOException {
        writeFashion(tmp.resolve("env/fashion-mnist"), 12);
        DatasetSummary s = catalog().show("fashion-mnist");
        assertThat(s.splitSizes()).containsExactly(java.util.Map.entry("train", 12), java.util.Map.entry("test", 6));
        assertThat(s.exampleShape()).isEqualTo("image 1x2x2");
        assertThat(s.classes()).hasSize(10);
        assertThat(s.firstLabels()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void cifarAndImageNetLayoutsAreRecognised() throws IOException {
        Path cifar = tmp.resolve("home/cifar-10-batches-bin");
        Files.createDirectories(cifar);
        for (String f : List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                "data_batch_5.bin", "test_batch.bin")) {
            Files.write(cifar.resolve(f), new byte[3073]);
        }
        DataCatalog c = catalog();
        assertThat(c.locate("cifar10").orElseThrow().path()).isEqualTo(cifar);
        assertThat(c.show("cifar10").splitSizes()).containsEntry("train", 5).containsEntry("test", 1);
        Files.createDirectories(tmp.resolve("env/imagenet/val/n01440764"));
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
                tmp.resolve("env/imagenet/val/n01440764/x.png").toFile());
        assertThat(c.dataset("imagenet").splits(c.locate("imagenet").orElseThrow())).containsExactly("val");
        assertThat(c.show("imagenet").classes()).containsExactly("n01440764");
    }

    @Test
    void npmPackagesAreFoundUnderAnyRoot() throws IOException {
        Path fixtures = tmp.resolve("home/npm/node_modules/sentiment/test/fixtures");
        Files.createDirectories(fixtures);
        for (String s : List.of("amazon", "imdb", "yelp")) Files.writeString(fixtures.resolve(s + ".json"), "[{\"text\":\"t\",\"class\":1}]");
        DataCatalog c = catalog();
        assertThat(c.locate("sentiment").orElseThrow().path()).isEqualTo(tmp.resolve("home/npm"));
        assertThat(c.openText("sentiment", "all").size()).isEqualTo(3);
        DatasetSummary s = c.show("sentiment");
        assertThat(s.exampleShape()).isEqualTo("text");
        assertThat(s.splitSizes()).containsEntry("yelp", 1);
        assertThatThrownBy(() -> c.openImages("sentiment", "all")).hasMessageContaining("not an image");
    }
}
