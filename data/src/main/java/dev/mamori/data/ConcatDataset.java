package dev.mamori.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** {@link Dataset#concat}: parts one after the other. Classes are kept only when all parts name the same ones. */
final class ConcatDataset<E> implements Dataset<E> {
    private final List<Dataset<? extends E>> parts;
    private final int[] starts; // starts[k] = index of the first example of part k; starts[parts] = size

    ConcatDataset(List<Dataset<? extends E>> parts) {
        this.parts = List.copyOf(parts);
        this.starts = new int[parts.size() + 1];
        for (int k = 0; k < parts.size(); k++) {
            long end = (long) starts[k] + parts.get(k).size();
            if (end > Integer.MAX_VALUE) throw new IllegalArgumentException("concatenation exceeds 2^31-1 examples");
            starts[k + 1] = (int) end;
        }
    }

    @Override public int size() { return starts[parts.size()]; }

    @Override
    public E get(int index) {
        int k = part(index);
        return parts.get(k).get(index - starts[k]);
    }

    @Override
    public int labelAt(int index) {
        int k = part(index);
        return parts.get(k).labelAt(index - starts[k]);
    }

    @Override
    public List<String> classes() {
        if (parts.isEmpty()) return List.of();
        List<String> first = parts.get(0).classes();
        return parts.stream().allMatch(p -> p.classes().equals(first)) ? first : List.of();
    }

    private int part(int index) {
        Objects.checkIndex(index, size());
        int k = Arrays.binarySearch(starts, index);
        if (k < 0) return -k - 2;
        while (starts[k + 1] == index) k++; // skip empty parts
        return k;
    }
}
