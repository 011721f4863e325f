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
                mavenVersion("org.nd4j", "nd4j-api"),
                Backend.describe());
    }

    /** All Mamori modules share one version, which Maven writes into autograd's {@code version.properties}. */
    private static String mamoriVersion() {
        try (InputStream in = Backend.class.getResourceAsStream("version.properties")) {
            if (in == null) return UNKNOWN;
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", UNKNOWN);
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    private static String mavenVersion(String groupId, String artifactId) {
        String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = RuntimeVersions.class.getResourceAsStream(resource)) {
            if (in == null) return UNKNOWN;
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", UNKNOWN);
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
