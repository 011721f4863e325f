package dev.mamori.data;

import java.util.List;

/** Builds one batch from examples (torch's collate_fn); indices are the examples' positions in the dataset. */
@FunctionalInterface
public interface Collator<E, B> {
    B collate(List<? extends E> examples, int[] indices);
}
