package dev.mamori.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A finite, randomly accessible collection of examples (torch.utils.data.Dataset). Implementations must allow
 * {@link #get} from several threads at once (the {@link DataLoader} prefetches on worker threads).
 *
 * @param <E> the kind of example: {@link LabeledImage}, {@link DetectionExample}, {@link TextExample}, ...
 */
public interface Dataset<E> {

    int size();

    /** The example at index 0 <= index < size(). */
    E get(int index);

    /** Class names indexed by label, or an empty list when the dataset does not name its classes. */
    default List<String> classes() {
        return List.of();
    }

    /**
     * The label of example {@code index}. The default decodes the whole example; readers that know labels without
     * decoding images (IDX, CIFAR, image folders) override it, so class filtering stays cheap.
     */
    default int labelAt(int index) {
        E example = get(index);
        if (example instanceof Labeled labeled) return labeled.label();
        throw new UnsupportedOperationException("examples of " + getClass().getSimpleName() + " have no class label ("
                + (example == null ? "null" : example.getClass().getSimpleName()) + ")");
    }

    /** The examples at the given indices, in that order (torch.utils.data.Subset). */
    default Dataset<E> subset(int... indices) {
        return new Subset<>(this, indices);
    }

    /** The first n examples (all of them when n >= size()). */
    default Dataset<E> first(int n) {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0, got " + n);
        int[] idx = new int[Math.min(n, size())];
        Arrays.setAll(idx, i -> i);
        return subset(idx);
    }

    /** n examples drawn without replacement, reproducibly from the seed, kept in their original order. */
    default Dataset<E> sample(int n, long seed) {
        if (n < 0 || n > size()) {
            throw new IllegalArgumentException("cannot sample " + n + " of " + size() + " examples");
        }
        int[] idx = Arrays.copyOf(Seeds.permutation(size(), new SplittableRandom(seed)), n);
        Arrays.sort(idx);
        return subset(idx);
    }

    /** The examples whose label is one of the given classes; labels are kept as they are (not renumbered). */
    default Dataset<E> withClasses(int... labels) {
        boolean[] keep = new boolean[Arrays.stream(labels).max().orElse(-1) + 1];
        for (int label : labels) {
            if (label < 0) throw new IllegalArgumentException("class labels are >= 0, got " + label);
            keep[label] = true;
        }
        int[] idx = new int[size()];
        int count = 0;
        for (int i = 0; i < size(); i++) {
            int label = labelAt(i);
            if (label >= 0 && label < keep.length && keep[label]) idx[count++] = i;
        }
        return subset(Arrays.copyOf(idx, count));
    }

    /** A random split with round(valFraction * size()) examples for validation. */
    default TrainValSplit<E> split(double valFraction, long seed) {
        if (!(valFraction >= 0 && valFraction <= 1)) {
            throw new IllegalArgumentException("valFraction must be in [0, 1], got " + valFraction);
        }
        return split((int) Math.round(valFraction * size()), seed);
    }

    /** A random split with valSize examples for validation and the rest for training; both keep dataset order. */
    default TrainValSplit<E> split(int valSize, long seed) {
        if (valSize < 0 || valSize > size()) {
            throw new IllegalArgumentException("validation size must be in [0, " + size() + "], got " + valSize);
        }
        int[] perm = Seeds.permutation(size(), new SplittableRandom(seed));
        int[] val = Arrays.copyOfRange(perm, 0, valSize);
        int[] train = Arrays.copyOfRange(perm, valSize, perm.length);
        Arrays.sort(val);
        Arrays.sort(train);
        return new TrainValSplit<>(subset(train), subset(val));
    }

    /** Applies f to every example on access (lazily); classes are kept. */
    default <R> Dataset<R> map(Function<? super E, ? extends R> f) {
        return new MappedDataset<>(this, f);
    }

    /** All examples of the parts, one after the other (torch.utils.data.ConcatDataset). */
    @SafeVarargs
    static <E> Dataset<E> concat(Dataset<? extends E>... parts) {
        return new ConcatDataset<>(List.of(parts));
    }

    /** A dataset over a list held in memory. */
    static <E> Dataset<E> of(List<? extends E> examples, List<String> classes) {
        List<E> copy = new ArrayList<>(examples);
        List<String> names = List.copyOf(classes);
        return new Dataset<>() {
            @Override public int size() { return copy.size(); }
            @Override public E get(int index) { return copy.get(Objects.checkIndex(index, copy.size())); }
            @Override public List<String> classes() { return names; }
        };
    }
}
