package dev.mamori.methods.keydefense;

/** How a multi-key model picks the key of each input at inference. */
public enum KeySelection {
    /** A key drawn independently for every image (the randomized defense). */
    PER_QUERY("per_query"),
    /** One key drawn per call, used for the whole batch. */
    PER_BATCH("per_batch");

    private final String fileName;

    KeySelection(String fileName) {
        this.fileName = fileName;
    }

    /** The name used in exported model files. */
    public String fileName() {
        return fileName;
    }

    public static KeySelection fromFileName(String name) {
        for (KeySelection s : values()) if (s.fileName.equals(name)) return s;
        throw new IllegalArgumentException("unknown key selection '" + name + "'; expected per_query or per_batch");
    }
}
