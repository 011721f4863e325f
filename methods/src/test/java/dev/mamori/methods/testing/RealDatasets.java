package dev.mamori.methods.testing;

import dev.mamori.data.catalog.DataCatalog;
import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * Real datasets in methods tests, found through the data catalog: absent data skips the test, unless
 * MAMORI_REQUIRE_REAL_DATA=1 (./mamori test and CI, after .ci/install-data), which makes absence a failure.
 */
public final class RealDatasets {
    private RealDatasets() {}

    /** The catalog, after checking that {@code name} is present (skipping or failing as above when it is not). */
    public static DataCatalog require(String name) {
        DataCatalog catalog = DataCatalog.fromEnvironment();
        if (catalog.locate(name).isPresent()) return catalog;
        String how = catalog.dataset(name).manualInstructions(catalog);
        if ("1".equals(System.getenv("MAMORI_REQUIRE_REAL_DATA"))) fail("MAMORI_REQUIRE_REAL_DATA=1 but " + name + " was not found. " + how);
        Assumptions.assumeTrue(false, name + " is not installed; skipping. " + how);
        return catalog;
    }
}
