package dev.mamori.methods.llmqa.perturbations;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The words of a text (runs of letters with inner apostrophes or hyphens) with their offsets, and replacing them. */
public final class Words {
    /** One word and where it is. */
    public record Word(int index, int start, int end, String text) {}

    private static final Pattern WORD = Pattern.compile("\\p{L}+(?:['\u2019-]\\p{L}+)*");

    private Words() {}

    public static List<Word> of(String text) {
        List<Word> out = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) out.add(new Word(out.size(), m.start(), m.end(), m.group()));
        return out;
    }

    /** The text with some of its words (by index) replaced. */
    public static String replace(String text, List<Word> words, Map<Integer, String> replacements) {
        StringBuilder sb = new StringBuilder(text);
        List<Word> sorted = new ArrayList<>(words);
        sorted.sort(Comparator.comparingInt(Word::start).reversed());
        for (Word w : sorted) {
            String r = replacements.get(w.index());
            if (r != null) sb.replace(w.start(), w.end(), r);
        }
        return sb.toString();
    }

    /** Copies the capitalisation of {@code model} onto {@code word} (all caps, initial capital, or as is). */
    public static String matchCase(String model, String word) {
        if (model.length() > 1 && model.equals(model.toUpperCase()) && !model.equals(model.toLowerCase())) return word.toUpperCase();
        if (!model.isEmpty() && Character.isUpperCase(model.codePointAt(0))) {
            return word.isEmpty() ? word : word.substring(0, 1).toUpperCase() + word.substring(1);
        }
        return word;
    }
}
