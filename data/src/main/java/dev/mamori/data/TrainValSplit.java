package dev.mamori.data;

/** The two parts of {@link Dataset#split}: disjoint, together covering the whole dataset. */
public record TrainValSplit<E>(Dataset<E> train, Dataset<E> val) {}
