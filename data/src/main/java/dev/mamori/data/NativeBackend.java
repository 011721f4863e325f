package dev.mamori.data;

/**
 * Loads the autograd module's Tensor class before this module first touches ND4J: its static initialiser selects
 * the native build (oneDNN on CPU) when the JVM was started without -Dorg.bytedeco.javacpp.platform.extension.
 * (autograd's Backend.ensureConfigured() is package-private, hence this indirection.)
 */
final class NativeBackend {
    private NativeBackend() {}

    static void ensureConfigured() {
        try {
            Class.forName("dev.mamori.autograd.Tensor", true, NativeBackend.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("mamori-autograd is missing from the class path", e);
        }
    }
}
