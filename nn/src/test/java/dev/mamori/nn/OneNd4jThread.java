package dev.mamori.nn;

import dev.mamori.autograd.Backend;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs the tests' ND4J ops on one thread (registered for every test class through junit-platform.properties and
 * META-INF/services). The tests use tiny tensors, for which threads only add overhead, and on the shared 2-core
 * machine OpenMP threads spinning against other processes made small ops 10-20x slower. Results do not depend on the
 * thread count.
 */
public final class OneNd4jThread implements BeforeAllCallback {
    private static volatile boolean done;

    @Override
    public void beforeAll(ExtensionContext context) {
        configure();
    }

    /** The same set-up for a test's child JVM (a main class started by a test). */
    public static void configure() {
        if (done) return;
        synchronized (OneNd4jThread.class) {
            if (done) return;
            Backend.ensureConfigured(); // before ND4J loads its native library
            Nd4j.getEnvironment().setMaxThreads(1);
            Nd4j.getEnvironment().setMaxMasterThreads(1);
            done = true;
        }
    }
}
