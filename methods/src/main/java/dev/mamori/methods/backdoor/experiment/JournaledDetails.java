package dev.mamori.methods.backdoor.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A defense's details ({@link DefenseCell#details}) read back from a run's journal as the report uses them. JSON has no
 * NaN or infinity: the journal writes them as the strings "NaN", "Infinity" and "-Infinity", which read back as strings
 * into an untyped map; here they become doubles again (no defense reports a string detail with those values). Numbers
 * come back as Integer, Long or Double (a long step count that fits an int as an Integer), lists as lists: the report
 * only reads numbers through {@link Number} and class lists through {@link List#contains} on Integers, so it reads the
 * same values.
 */
final class JournaledDetails {
    private JournaledDetails() {}

    /** {@code details} with the non-finite numbers that JSON wrote as strings turned back into doubles, at any depth. */
    static Map<String, Object> restore(Map<String, Object> details) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (details != null) details.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object v) {
        if (v instanceof String s) return nonFinite(s) ? Double.parseDouble(s) : s;
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object x : l) out.add(value(x));
            return out;
        }
        if (v instanceof Map<?, ?> m) return restore((Map<String, Object>) m);
        return v;
    }

    /** A number as the journal wrote it: a JSON number, or one of the strings of a non-finite double. */
    static double number(Object v) {
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof String s && nonFinite(s)) return Double.parseDouble(s);
        throw new IllegalArgumentException("not a number: " + v);
    }

    private static boolean nonFinite(String s) {
        return s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity");
    }
}
