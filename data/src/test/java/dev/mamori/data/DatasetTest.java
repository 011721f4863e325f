package dev.mamori.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetTest {
    private final InMemoryImageDataset ten = ToyData.images(10, 3, 1, 2, 2);

    private static List<Integer> ids(Dataset<? extends LabeledImage> ds) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < ds.size(); i++) out.add(((ByteImage) ds.get(i).image()).get(0, 0, 0));
        return out;
    }

    @Test
    void inMemoryExamplesAreViewsWithLabels() {
        ImageExample ex = ten.get(7);
        assertThat(ex.label()).isEqualTo(1);
        assertThat(ex.image().shapeString()).isEqualTo("1x2x2");
        assertThat(((ByteImage) ex.image()).toByteArray()).containsOnly((byte) 7);
        assertThat(ten.classes()).containsExactly("class0", "class1", "class2");
        assertThatThrownBy(() -> ten.get(10)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void firstSubsetAndNestedSubsetPointAtTheRightExamples() {
        assertThat(ids(ten.first(3))).containsExactly(0, 1, 2);
        assertThat(ids(ten.first(99))).hasSize(10);
        Dataset<ImageExample> sub = ten.subset(9, 4, 4, 1);
        assertThat(ids(sub)).containsExactly(9, 4, 4, 1);
        Dataset<ImageExample> nested = sub.subset(3, 0);
        assertThat(ids(nested)).containsExactly(1, 9);
        assertThat(((Subset<ImageExample>) nested).parent()).isSameAs(ten);
        assertThat(nested.labelAt(1)).isEqualTo(0); // 9 % 3
        assertThatThrownBy(() -> ten.subset(10)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("10");
    }

    @Test
    void sampleIsSeededWithoutReplacementAndKeepsOrder() {
        List<Integer> a = ids(ten.sample(5, 42));
        assertThat(a).hasSize(5).doesNotHaveDuplicates().isSorted();
        assertThat(ids(ten.sample(5, 42))).isEqualTo(a);
        Set<List<Integer>> draws = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) draws.add(ids(ten.sample(5, seed)));
        assertThat(draws.size()).isGreaterThan(10);
        assertThatThrownBy(() -> ten.sample(11, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withClassesKeepsOnlyThoseLabels() {
        Dataset<ImageExample> two = ten.withClasses(0, 2);
        assertThat(ids(two)).containsExactly(0, 2, 3, 5, 6, 8, 9);
        for (int i = 0; i < two.size(); i++) assertThat(two.get(i).label()).isIn(0, 2);
        assertThat(ten.withClasses(7).size()).isZero();
    }

    @Test
    void splitIsDisjointCompleteAndSeeded() {
        TrainValSplit<ImageExample> s = ten.split(0.3, 7);
        assertThat(s.val().size()).isEqualTo(3);
        assertThat(s.train().size()).isEqualTo(7);
        Set<Integer> all = new HashSet<>(ids(s.train()));
        all.addAll(ids(s.val()));
        assertThat(all).hasSize(10);
        assertThat(ids(ten.split(0.3, 7).val())).isEqualTo(ids(s.val()));
        assertThat(ten.split(3, 7).val().size()).isEqualTo(3);
        assertThatThrownBy(() -> ten.split(1.5, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concatenationChainsPartsAndKeepsCommonClasses() {
        Dataset<ImageExample> both = Dataset.concat(ten.first(2), ten.subset(), ten.subset(5, 6));
        assertThat(both.size()).isEqualTo(4);
        assertThat(ids(both)).containsExactly(0, 1, 5, 6);
        assertThat(both.labelAt(3)).isEqualTo(0);
        assertThat(both.classes()).isEqualTo(ten.classes());
        Dataset<ImageExample> other = Dataset.of(List.of(ten.get(0)), List.of("x"));
        assertThat(Dataset.concat(ten, other).classes()).isEmpty();
        assertThatThrownBy(() -> both.get(4)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void mapAppliesLazilyAndLabelsFallBackToExamples() {
        Dataset<TextExample> texts = ten.map(ex -> new TextExample("image " + ex.label(), ex.label()));
        assertThat(texts.get(4).text()).isEqualTo("image 1");
        assertThat(texts.labelAt(5)).isEqualTo(2);
        Dataset<String> unlabeled = Dataset.of(List.of("a"), List.of());
        assertThatThrownBy(() -> unlabeled.labelAt(0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void byteImagesConvertToUnitFloats() {
        ByteImage b = new ByteImage(1, 1, 3, new byte[] {0, (byte) 128, (byte) 255});
        FloatImage f = b.toFloat();
        assertThat(f.pixels()).containsExactly(0f, 128 / 255f, 1f);
        assertThatThrownBy(() -> new FloatImage(1, 2, 2, new float[3])).hasMessageContaining("expected 4 pixels");
    }

    @Test
    void permutationIsAPermutation() {
        int[] p = Seeds.permutation(100, new java.util.SplittableRandom(1));
        assertThat(p).hasSize(100);
        assertThat(java.util.Arrays.stream(p).sorted().toArray()).isEqualTo(java.util.stream.IntStream.range(0, 100).toArray());
        assertThat(Seeds.mix(1, 2)).isNotEqualTo(Seeds.mix(2, 1));
    }
}
