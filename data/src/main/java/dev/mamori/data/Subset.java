package dev.mamori.data;

import java.util.List;
import java.util.Objects;

/** The examples of a parent dataset at fixed indices. A subset of a subset points straight at the root. */
public final class Subset<E> implements Dataset<E> {
    private final Dataset<E> parent;
    private final int[] indices;

    public Subset(Dataset<E> parent, int[] indices) {
        int[] own = indices.clone();
        for (int k = 0; k < own.length; k++) {
            if (own[k] < 0 || own[k] >= parent.size()) {
                throw new IndexOutOfBoundsException("subset index " + own[k] + " (position " + k
                        + ") is outside the parent dataset of size " + parent.size());
            }
        }
        if (parent instanceof Subset<E> nested) {
            for (int k = 0; k < own.length; k++) own[k] = nested.indices[own[k]];
            this.parent = nested.parent;
        } else {
            this.parent = parent;
        }
        this.indices = own;
    }

    /** The dataset the indices point into. */
    public Dataset<E> parent() {
        return parent;
    }

    /** Indices into {@link #parent()} (a copy). */
    public int[] indices() {
        return indices.clone();
    }

    @Override public int size() { return indices.length; }

    @Override
    public E get(int index) {
        return parent.get(indices[Objects.checkIndex(index, indices.length)]);
    }

    @Override
    public int labelAt(int index) {
        return parent.labelAt(indices[Objects.checkIndex(index, indices.length)]);
    }

    @Override
    public List<String> classes() {
        return parent.classes();
    }
}
