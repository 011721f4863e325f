package dev.mamori.data;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.data.catalog.DatasetLocation;
import java.util.Optional;

/**
 * Finding the real datasets tests read. Absent data skips the test, unless MAMORI_REQUIRE_REAL_DATA=1 (set by
 * ./mamori test and CI after .ci/install-data), which turns absence into a failure.
 */
public final class RealData {
    public static final boolean REQUIRED = "1".equals(System.getenv("MAMORI_REQUIRE_REAL_DATA"));

    private RealData() {}

    /** Where the catalog finds {@code name}; skips (or fails, when required and {@code requiredInCi}) when absent. */
    public static DatasetLocation locate(DataCatalog catalog, String name, boolean requiredInCi) {
        Optional<DatasetLocation> where = catalog.locate(name);
        if (where.isEmpty()) {
            String how = catalog.dataset(name).manualInstructions(catalog);
            if (REQUIRED && requiredInCi) fail("MAMORI_REQUIRE_REAL_DATA=1 but " + name + " was not found. " + how);
            assumeTrue(false, name + " is not installed; skipping. " + how);
        }
        return where.get();
    }
}
