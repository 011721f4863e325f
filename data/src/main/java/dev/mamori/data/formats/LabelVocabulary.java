package dev.mamori.data.formats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Maps the label values found in a text file to class indices. If every value is a non-negative integer, the value
 * is the index and the classes are "0".."max"; otherwise the classes are the distinct values sorted (as torchvision
 * sorts folder names).
 */
public final class LabelVocabulary {
    private final List<String> classes;
    private final Map<String, Integer> index = new HashMap<>();
    private final boolean numeric;

    private LabelVocabulary(List<String> classes, boolean numeric) {
        this.classes = List.copyOf(classes);
        this.numeric = numeric;
        for (int i = 0; i < classes.size(); i++) index.put(classes.get(i), i);
    }

    /** The vocabulary of the given raw label values. */
    public static LabelVocabulary infer(Collection<String> values) {
        boolean numeric = !values.isEmpty() && values.stream().allMatch(LabelVocabulary::isIndex);
        if (numeric) {
            int max = values.stream().mapToInt(Integer::parseInt).max().orElse(-1);
            List<String> names = new ArrayList<>();
            for (int i = 0; i <= max; i++) names.add(Integer.toString(i));
            return new LabelVocabulary(names, true);
        }
        return new LabelVocabulary(new ArrayList<>(new TreeSet<>(values)), false);
    }

    /** A fixed list of class names; label values must be one of them (or an index into them). */
    public static LabelVocabulary of(List<String> classes) {
        return new LabelVocabulary(classes, false);
    }

    public List<String> classes() {
        return classes;
    }

    /** The class index of a raw value, or -1 when it is not a class. */
    public int indexOf(String value) {
        Integer i = index.get(value);
        if (i != null) return i;
        if (!numeric && isIndex(value)) {
            int k = Integer.parseInt(value);
            return k < classes.size() ? k : -1;
        }
        return -1;
    }

    private static boolean isIndex(String s) {
        if (s.isEmpty() || s.length() > 9) return false;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }
}
