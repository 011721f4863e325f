package dev.mamori.methods.common;

import dev.mamori.eval.report.ForbiddenStrings;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;

import java.util.Arrays;

/**
 * Registers the textual forms of a key's material (a permutation as comma, comma-space and space separated lists; a
 * mask as 0/1 digits and as Arrays.toString; an AES key as hex and Base64) with a report's forbidden strings, so that
 * a report that would show a key refuses to be written.
 */
public final class ForbiddenKeys {
    private ForbiddenKeys() {}

    public static void register(ForbiddenStrings forbidden, String label, SecretKey key) {
        if (key.kind() == TransformKind.SHUFFLE) {
            String[] parts = Arrays.stream(key.permutation()).mapToObj(String::valueOf).toArray(String[]::new);
            String csv = String.join(",", parts);
            // a permutation of 2 or 3 values is shorter than any string a report can safely forbid; it is no secret anyway
            if (csv.length() < ForbiddenStrings.MIN_LENGTH) return;
            forbidden.register(label + " (permutation)", csv);
            forbidden.register(label + " (permutation, spaced)", String.join(", ", parts));
            forbidden.register(label + " (permutation, space-separated)", String.join(" ", parts));
        } else {
            StringBuilder bits = new StringBuilder();
            for (boolean b : key.mask()) bits.append(b ? '1' : '0');
            if (bits.length() >= ForbiddenStrings.MIN_LENGTH) forbidden.register(label + " (mask)", bits.toString());
            forbidden.register(label + " (mask list)", Arrays.toString(key.mask()));
        }
        if (key.kind() == TransformKind.FFX) forbidden.registerBytes(label + " (AES key)", key.aesKey());
    }
}
