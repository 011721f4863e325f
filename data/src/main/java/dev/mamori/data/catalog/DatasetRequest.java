package dev.mamori.data.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A dataset name with options, as written after {@code --dataset} or in a config:
 * {@code emoji-category:size=64,split=vendor}. Without a colon it is a plain name with no options.
 *
 * @param options option names (lower case) to values, in the order written
 */
public record DatasetRequest(String name, Map<String, String> options) {
    public DatasetRequest {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** Parses "name" or "name:key=value,key=value". */
    public static DatasetRequest parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("a dataset name is needed");
        int colon = text.indexOf(':');
        String name = (colon < 0 ? text : text.substring(0, colon)).strip();
        Map<String, String> options = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String part : text.substring(colon + 1).split(",")) {
                if (part.isBlank()) continue;
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("dataset option '" + part.strip() + "' of '" + text
                            + "' is not key=value (e.g. emoji-category:size=64,split=vendor)");
                }
                String key = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                if (options.put(key, part.substring(eq + 1).strip()) != null) {
                    throw new IllegalArgumentException("dataset option '" + key + "' is given twice in '" + text + "'");
                }
            }
        }
        return new DatasetRequest(name, options);
    }
}
