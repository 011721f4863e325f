package dev.mamori.eval.report;

import dev.mamori.autograd.Backend;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What produced a result: the Mamori version, the Java runtime, the ND4J version and the native backend build.
 * Nothing about the machine or the user (host names, paths, environment) is included.
 */
public record RuntimeVersions(String mamori, String java, String nd4j, String nd4jBackend) {
    static final String UNKNOWN = "unknown";

    public static RuntimeVersions detect() {
        return new RuntimeVersions(mamoriVersion(),
                Runtime.version() + " (" + System.getProperty("java.vendor", UNKNOWN) + ")",
                nd4jVersion(),
                Backend.describe());
    }

    /** All Mamori modules share one version, which Maven writes into autograd's {@code version.properties}. */
    private static String mamoriVersion() {
        return versionIn(Backend.class, "version.properties");
    }

    /** The version of nd4j-api on the class path, from its Maven metadata. */
    public static String nd4jVersion() {
        return versionIn(RuntimeVersions.class, "/META-INF/maven/org.nd4j/nd4j-api/pom.properties");
    }

    /** The {@code version} entry of a properties resource, or "unknown" when it is absent or unreadable. */
    private static String versionIn(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) return UNKNOWN;
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", UNKNOWN);
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
