package dev.mamori.eval.report;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Strings that must never appear in a written report (a secret key's hex, a password, a private seed). Code that
 * holds a secret registers it, under a label; {@link ExperimentReport} checks every text it is about to write
 * (results.json, report.md, report.html, and the text drawn into figures) against {@link #global()} and its own
 * registry, and throws {@link ForbiddenContentException} before writing anything if one matches.
 *
 * <p>Matching ignores case, so a hex key is caught in upper or lower case. Thread-safe.
 */
public final class ForbiddenStrings {
    /** Shorter values would match ordinary text by accident and are almost certainly a mistake. */
    public static final int MIN_LENGTH = 4;

    private static final ForbiddenStrings GLOBAL = new ForbiddenStrings();

    /** label -> lower-cased forbidden value */
    private final Map<String, String> values = new ConcurrentHashMap<>();

    /** The process-wide registry every report consults, for secrets created far from the reporting code. */
    public static ForbiddenStrings global() {
        return GLOBAL;
    }

    /**
     * Forbids {@code value}. Closing the returned registration removes it again (useful in tests; secrets normally stay
     * registered for the life of the process).
     */
    public Registration register(String label, String value) {
        if (label == null || label.isBlank()) throw new IllegalArgumentException("a forbidden string needs a label (used in error messages instead of the value)");
        if (value == null || value.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("forbidden string '" + label + "' must have at least " + MIN_LENGTH + " characters");
        }
        values.put(label, value.toLowerCase(Locale.ROOT));
        return () -> values.remove(label);
    }

    /**
     * Forbids the hex (any case) and Base64 forms (standard and URL-safe; unpadded, which also catches the padded
     * form) of a secret.
     */
    public Registration registerBytes(String label, byte[] secret) {
        List<Registration> all = List.of(
                register(label + " (hex)", HexFormat.of().formatHex(secret)),
                register(label + " (base64)", Base64.getEncoder().withoutPadding().encodeToString(secret)),
                register(label + " (base64url)", Base64.getUrlEncoder().withoutPadding().encodeToString(secret)));
        return () -> all.forEach(Registration::close);
    }

    public int size() {
        return values.size();
    }

    /**
     * @param where names the output in the error, e.g. "report.md"
     * @throws ForbiddenContentException if {@code text} contains a registered value
     */
    public void check(String where, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> e : values.entrySet()) {
            int at = lower.indexOf(e.getValue());
            if (at >= 0) {
                throw new ForbiddenContentException(where + " contains the forbidden string registered as '" + e.getKey()
                        + "' (at character " + at + ")");
            }
        }
    }

    /** Undoes a {@link #register}. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
