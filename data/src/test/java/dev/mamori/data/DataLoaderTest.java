package dev.mamori.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.data.transforms.ImageTransform;
import dev.mamori.data.transforms.RandomCrop;
import dev.mamori.data.transforms.RandomHorizontalFlip;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class DataLoaderTest {
    private final InMemoryImageDataset data = ToyData.images(23, 5, 3, 4, 4);

    private static List<int[]> indices(Iterable<Batch> epoch) {
        List<int[]> out = new ArrayList<>();
        for (Batch b : epoch) out.add(b.indices());
        return out;
    }

    private static int[] flat(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void batchesHaveNchwFloatImagesLabelsAndIndices() {
        DataLoader<LabeledImage, Batch> loader = DataLoader.images(data).batchSize(10).build();
        List<Batch> batches = new ArrayList<>();
        loader.forEach(batches::add);
        assertThat(batches).hasSize(3);
        Batch first = batches.get(0);
        assertThat(first.images().shape()).containsExactly(10, 3, 4, 4);
        assertThat(first.images().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(first.indices()).containsExactly(IntStream.range(0, 10).toArray());
        assertThat(first.labels()).containsExactly(0, 1, 2, 3, 4, 0, 1, 2, 3, 4);
        // image 7 is filled with byte 7, scaled to 7/255 in every channel and pixel
        assertThat(first.images().getFloat(7, 2, 3, 1)).isEqualTo(ToyData.value(7));
        Batch last = batches.get(2);
        assertThat(last.size()).isEqualTo(3);
        assertThat(last.images().shape()).containsExactly(3, 3, 4, 4);
        assertThat(last.images().getFloat(2, 0, 0, 0)).isEqualTo(ToyData.value(22));
        assertThat(loader.batchesPerEpoch()).isEqualTo(3);
    }

    @Test
    void dropLastDropsThePartialBatch() {
        DataLoader<LabeledImage, Batch> loader = DataLoader.images(data).batchSize(10).dropLast(true).build();
        assertThat(indices(loader)).hasSize(2);
        assertThat(loader.batchesPerEpoch()).isEqualTo(2);
    }

    @Test
    void withoutShuffleEveryEpochIsInOrder() {
        DataLoader<LabeledImage, Batch> loader = DataLoader.images(data).batchSize(4).build();
        assertThat(flat(indices(loader))).containsExactly(IntStream.range(0, 23).toArray());
        assertThat(flat(indices(loader))).containsExactly(IntStream.range(0, 23).toArray());
    }

    @Test
    void shuffleIsAPermutationReproducibleFromSeedAndEpoch() {
        DataLoader<LabeledImage, Batch> a = DataLoader.images(data).batchSize(4).shuffle(true).seed(11).build();
        DataLoader<LabeledImage, Batch> b = DataLoader.images(data).batchSize(4).shuffle(true).seed(11).build();
        int[] a0 = flat(indices(a)), a1 = flat(indices(a)); // iterator() advances the epoch
        int[] b0 = flat(indices(b)), b1 = flat(indices(b));
        assertThat(Arrays.stream(a0).sorted().toArray()).containsExactly(IntStream.range(0, 23).toArray());
        assertThat(a0).isEqualTo(b0).isNotEqualTo(IntStream.range(0, 23).toArray());
        assertThat(a1).isEqualTo(b1).isNotEqualTo(a0);
        assertThat(flat(indices(a.epoch(0)))).isEqualTo(a0);
        assertThat(a.nextEpoch()).isEqualTo(2);
        a.setEpoch(1);
        assertThat(flat(indices(a))).isEqualTo(a1);
        assertThat(a.order(1)).isEqualTo(a1);
        DataLoader<LabeledImage, Batch> c = DataLoader.images(data).batchSize(4).shuffle(true).seed(12).build();
        assertThat(flat(indices(c))).isNotEqualTo(a0);
    }

    @Test
    void prefetchingWorkersGiveExactlyTheSynchronousBatches() {
        ImageTransform augment = ImageTransform.compose(new RandomCrop(4, 1), new RandomHorizontalFlip());
        List<List<Batch>> runs = new ArrayList<>();
        for (int workers : new int[] {0, 1, 3}) {
            DataLoader<LabeledImage, Batch> loader = DataLoader.images(data).batchSize(5).shuffle(true).seed(3)
                    .workers(workers).prefetch(2).imageTransform(augment).build();
            List<Batch> batches = new ArrayList<>();
            for (Batch batch : loader.epoch(4)) batches.add(batch);
            runs.add(batches);
            loader.close();
        }
        for (List<Batch> run : runs.subList(1, 3)) {
            assertThat(run).hasSize(runs.get(0).size());
            for (int k = 0; k < run.size(); k++) {
                assertThat(run.get(k).indices()).isEqualTo(runs.get(0).get(k).indices());
                assertThat(run.get(k).labels()).isEqualTo(runs.get(0).get(k).labels());
                assertThat(run.get(k).images()).isEqualTo(runs.get(0).get(k).images());
            }
        }
    }

    @Test
    void transformsDifferBetweenEpochsButRepeatForTheSameEpoch() {
        ImageTransform crop = new RandomCrop(4, 2);
        DataLoader<LabeledImage, Batch> loader = DataLoader.images(data).batchSize(23).seed(5).imageTransform(crop).build();
        Batch e0 = loader.epoch(0).iterator().next();
        Batch e0again = loader.epoch(0).iterator().next();
        Batch e1 = loader.epoch(1).iterator().next();
        assertThat(e0again.images()).isEqualTo(e0.images());
        assertThat(e1.images()).isNotEqualTo(e0.images());
    }

    @Test
    void errorsInTheDatasetReachTheConsumer() {
        Dataset<LabeledImage> broken = new Dataset<>() {
            @Override public int size() { return 8; }
            @Override public LabeledImage get(int index) {
                if (index == 5) throw new IllegalStateException("cannot read example 5");
                return data.get(index);
            }
        };
        DataLoader<LabeledImage, Batch> loader = DataLoader.images(broken).batchSize(2).workers(2).build();
        DataLoader.BatchIterator<Batch> it = loader.iterator();
        it.next();
        it.next();
        assertThatThrownBy(it::next).isInstanceOf(IllegalStateException.class).hasMessage("cannot read example 5");
        loader.close();
    }

    @Test
    void leavingEarlyAndClosingIsSafe() {
        DataLoader<LabeledImage, Batch> loader = DataLoader.images(data).batchSize(2).prefetch(3).build();
        try (DataLoader.BatchIterator<Batch> it = loader.iterator()) {
            assertThat(it.next().indices()).containsExactly(0, 1);
        }
        loader.close();
        assertThat(flat(indices(loader))).hasSize(23); // usable after close
        loader.close();
    }

    @Test
    void imagesOfDifferentShapesCannotBeBatched() {
        Dataset<LabeledImage> mixed = Dataset.of(List.of(new ImageExample(FloatImage.zeros(1, 2, 2), 0),
                new ImageExample(FloatImage.zeros(1, 3, 3), 1)), List.of());
        DataLoader<LabeledImage, Batch> loader = DataLoader.images(mixed).batchSize(2).workers(0).build();
        assertThatThrownBy(() -> loader.iterator().next()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1x2x2").hasMessageContaining("1x3x3");
    }

    @Test
    void detectionAndTextLoadersKeepTheirAnnotations() {
        BoxAnnotation box = new BoxAnnotation(new Box(1, 2, 3, 4), 7);
        Dataset<DetectionExample> det = Dataset.of(List.of(new DetectionExample(11, FloatImage.zeros(1, 5, 5), List.of(box)),
                new DetectionExample(12, new ByteImage(1, 5, 5, new byte[25]), List.of())), List.of());
        DetectionBatch db = DataLoader.detection(det).batchSize(2).build().iterator().next();
        assertThat(db.images().shape()).containsExactly(2, 1, 5, 5);
        assertThat(db.objects()).containsExactly(List.of(box), List.of());
        assertThat(db.imageIds()).containsExactly(11, 12);
        Dataset<TextExample> texts = Dataset.of(List.of(new TextExample("x", 1), new TextExample("y", 0)), List.of());
        TextBatch tb = DataLoader.texts(texts).batchSize(5).build().iterator().next();
        assertThat(tb.texts()).containsExactly("x", "y");
        assertThat(tb.labels()).containsExactly(1, 0);
    }

    @Test
    void genericLoaderBatchesAnyExamples() {
        Dataset<TextExample> texts = Dataset.of(List.of(new TextExample("a", 0), new TextExample("b", 1),
                new TextExample("c", 0)), List.of("neg", "pos"));
        DataLoader<TextExample, List<String>> loader = DataLoader.of(texts,
                (List<? extends TextExample> xs, int[] idx) -> xs.stream().map(TextExample::text).toList()).batchSize(2).build();
        List<List<String>> out = new ArrayList<>();
        loader.forEach(out::add);
        assertThat(out).containsExactly(List.of("a", "b"), List.of("c"));
    }
}
