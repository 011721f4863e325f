package dev.mamori.autograd;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Makes sure JavaCPP loads the native ND4J build the project was compiled for (the oneDNN build on CPU, measured
 * 7-10x faster than the default one) even when the JVM was started without
 * {@code -Dorg.bytedeco.javacpp.platform.extension}. Must run before ND4J is first touched; {@link Tensor} calls it.
 */
public final class Backend {
    private static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";
    private static final Properties INFO = load();

    private Backend() {}

    public static void ensureConfigured() {
        if (System.getProperty(PROPERTY) == null) {
            String ext = INFO.getProperty("extension", "");
            if (!ext.isEmpty() && !ext.startsWith("$")) System.setProperty(PROPERTY, ext);
        }
    }

    /** e.g. "nd4j-native linux-x86_64-onednn". */
    public static String describe() {
        return INFO.getProperty("backend", "?") + " " + INFO.getProperty("classifier", "?");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Backend.class.getResourceAsStream("backend.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // defaults below
        }
        return p;
    }
}
