package dev.mamori.data;

/** An example with an integer class label (an index into its dataset's {@link Dataset#classes()}). */
public interface Labeled {
    int label();
}
