package dev.mamori.data;

import java.util.List;
import java.util.function.Function;

/** {@link Dataset#map}: a function applied to each example when it is read. */
final class MappedDataset<E, R> implements Dataset<R> {
    private final Dataset<E> parent;
    private final Function<? super E, ? extends R> f;

    MappedDataset(Dataset<E> parent, Function<? super E, ? extends R> f) {
        this.parent = parent;
        this.f = f;
    }

    @Override public int size() { return parent.size(); }
    @Override public R get(int index) { return f.apply(parent.get(index)); }
    @Override public List<String> classes() { return parent.classes(); }
}
