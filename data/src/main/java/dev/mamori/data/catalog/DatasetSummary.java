package dev.mamori.data.catalog;

import java.util.List;
import java.util.Map;

/**
 * What {@link DataCatalog#show} reports about a present dataset.
 *
 * @param splitSizes   number of examples per split, in split order
 * @param classes      class (or category) names; empty when the dataset does not name them
 * @param exampleShape what one example of the first split looks like, e.g. "image 1x28x28" or "text"
 * @param firstLabels  labels of the first examples of the first split (at most 10)
 * @param options      options the dataset takes (name to meaning); empty when none
 * @param notes        what else to know, e.g. the licence of each image set
 */
public record DatasetSummary(String name, DatasetLocation location, Map<String, Integer> splitSizes, List<String> classes,
                             String exampleShape, List<Integer> firstLabels, Map<String, String> options,
                             List<String> notes) {}
