package dev.mamori.methods.backdoor;

import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.methods.backdoor.experiment.AttackSpec;
import dev.mamori.methods.backdoor.experiment.BackdoorTraining;
import dev.mamori.methods.backdoor.experiment.DatasetSplits;
import dev.mamori.methods.backdoor.experiment.ModelSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real data and briefly backdoored models for the backdoor tests, made once per test JVM: Fashion-MNIST (3,000 training
 * images, a pool of 100 unseen test images, 1,000 evaluation images) and a small CNN trained 3 epochs with BadNets
 * at 10%. Absent data skips the caller, unless MAMORI_REQUIRE_REAL_DATA=1, which makes it a failure.
 */
public final class BackdoorTestData {
    private static final boolean REQUIRED = "1".equals(System.getenv("MAMORI_REQUIRE_REAL_DATA"));
    private static DatasetSplits fashion;
    private static final Map<String, BackdoorTraining.Backdoored> MODELS = new HashMap<>();

    private BackdoorTestData() {}

    /** The Fashion-MNIST splits (skips the caller when the dataset is absent). */
    public static synchronized DatasetSplits fashion() {
        DataCatalog catalog = DataCatalog.fromEnvironment();
        if (catalog.locate("fashion-mnist").isEmpty()) {
            String how = catalog.dataset("fashion-mnist").manualInstructions(catalog);
            if (REQUIRED) fail("MAMORI_REQUIRE_REAL_DATA=1 but fashion-mnist was not found. " + how);
            assumeTrue(false, "fashion-mnist is not installed; skipping. " + how);
        }
        if (fashion == null) {
            try {
                fashion = DatasetSplits.open("fashion-mnist", 3000, 100, 1000, 0, new PrintStream(PrintStream.nullOutputStream()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return fashion;
    }

    /** The small CNN of the experiment ({@link ModelSpec#cnn()}) briefly backdoored with {@code trigger}'s default attack. */
    public static synchronized BackdoorTraining.Backdoored backdoored(String trigger) {
        return backdoored(trigger, ModelSpec.cnn());
    }

    /** {@code model} briefly (3 epochs) backdoored with {@code trigger}'s default attack on the Fashion-MNIST splits. */
    public static synchronized BackdoorTraining.Backdoored backdoored(String trigger, ModelSpec model) {
        DatasetSplits data = fashion();
        return MODELS.computeIfAbsent(trigger + "/" + model.model, t -> {
            ModelSpec m = model;
            m.epochs = 3;
            long t0 = System.nanoTime();
            BackdoorTraining.Backdoored b = BackdoorTraining.train(data, m, AttackSpec.of(trigger), 0, false);
            System.out.printf("BackdoorTestData: %s model trained in %.1f s%n", t, (System.nanoTime() - t0) / 1e9);
            return b;
        });
    }
}
