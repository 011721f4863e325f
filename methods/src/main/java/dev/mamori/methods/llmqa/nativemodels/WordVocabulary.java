package dev.mamori.methods.llmqa.nativemodels;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word-level tokens: lower-cased letter runs (inner apostrophes kept), digit runs and single punctuation marks. Index 0
 * is padding, 1 unknown; then {@link #ANSWERS} (the language model's answer words, upper case so that they are not the
 * lower-case words of the prompt); then words by descending frequency in the training texts.
 */
public final class WordVocabulary {
    public static final String PAD = "<pad>", UNK = "<unk>", SEP = "<sep>";
    /** The id of {@link #PAD}. */
    public static final int PAD_ID = 0;
    /** The answer tokens of the language model. */
    public static final List<String> ANSWERS = List.of("NEGATIVE", "NEUTRAL", "POSITIVE");
    private static final Pattern TOKEN = Pattern.compile("\\p{L}+(?:'\\p{L}+)*|\\p{N}+|[^\\s\\p{L}\\p{N}]");

    private final List<String> words;
    private final Map<String, Integer> index = new HashMap<>();

    public WordVocabulary(List<String> words) {
        if (words.size() < 2 || !words.get(0).equals(PAD) || !words.get(1).equals(UNK)) throw new IllegalArgumentException("vocabulary must start with " + PAD + ", " + UNK);
        this.words = List.copyOf(words);
        for (int i = 0; i < words.size(); i++) {
            if (index.put(words.get(i), i) != null) throw new IllegalArgumentException("vocabulary lists '" + words.get(i) + "' twice");
        }
    }

    /** Words of the texts seen at least {@code minCount} times, most frequent first, at most {@code maxSize} entries in all. */
    public static WordVocabulary build(Collection<String> texts, int minCount, int maxSize) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String t : texts) for (String w : tokens(t)) counts.merge(w, 1, Integer::sum);
        List<String> words = new ArrayList<>(List.of(PAD, UNK, SEP));
        words.addAll(ANSWERS);
        counts.entrySet().stream().filter(e -> e.getValue() >= minCount && !words.contains(e.getKey()))
                .sorted((a, b) -> b.getValue() - a.getValue() != 0 ? b.getValue() - a.getValue() : a.getKey().compareTo(b.getKey()))
                .limit(Math.max(0, maxSize - words.size())).forEach(e -> words.add(e.getKey()));
        return new WordVocabulary(words);
    }

    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) out.add(m.group());
        return out;
    }

    public int id(String token) {
        return index.getOrDefault(token, 1);
    }

    public String word(int id) {
        return words.get(id);
    }

    /** Token ids of a text. */
    public int[] encode(String text) {
        return tokens(text).stream().mapToInt(this::id).toArray();
    }

    public int size() {
        return words.size();
    }

    public List<String> words() {
        return words;
    }
}
