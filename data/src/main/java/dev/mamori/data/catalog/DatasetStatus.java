package dev.mamori.data.catalog;

/**
 * One line of {@link DataCatalog#list()}: a known dataset, whether it is present and where, and how it can be
 * obtained.
 *
 * @param location where it was found, or null when it is absent
 */
public record DatasetStatus(String name, String description, FetchMethod fetchMethod, DatasetLocation location) {
    public boolean present() {
        return location != null;
    }
}
