package dev.mamori.data;

import java.util.List;

/** A batch of text classification examples: the texts, their labels and dataset indices. */
public record TextBatch(List<String> texts, int[] labels, int[] indices) {

    /** Collates text examples. */
    public static final Collator<TextExample, TextBatch> COLLATOR = (examples, indices) -> new TextBatch(
            examples.stream().map(TextExample::text).toList(),
            examples.stream().mapToInt(TextExample::label).toArray(), indices.clone());

    public int size() {
        return labels.length;
    }
}
