package dev.mamori.methods.llmqa.perturbations;

import com.ibm.icu.text.SpoofChecker;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Homoglyphs: letters replaced by characters that look the same (Latin "a" by Cyrillic "а"), taken from Unicode's
 * confusables data (UTS #39) through ICU4J: a character is a confusable of an ASCII letter or digit when its
 * {@link SpoofChecker#getSkeleton skeleton} is the same. The table is built once by scanning the Basic Multilingual
 * Plane for letters and digits whose skeleton equals an ASCII character's; by construction the skeleton of a perturbed
 * text equals the skeleton of the original.
 */
public final class HomoglyphPerturber implements WordPerturber {
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();
    private static volatile Map<Character, List<String>> table;

    @Override
    public String name() {
        return "homoglyph";
    }

    /** The skeleton of a text (UTS #39): equal skeletons mean confusable texts. */
    public static String skeleton(String text) {
        return SPOOF.getSkeleton(text);
    }

    /** Non-ASCII look-alikes of an ASCII character (empty if none). */
    public static List<String> confusables(char ascii) {
        return table().getOrDefault(ascii, List.of());
    }

    private static Map<Character, List<String>> table() {
        Map<Character, List<String>> t = table;
        if (t != null) return t;
        synchronized (HomoglyphPerturber.class) {
            if (table != null) return table;
            Map<String, Character> bySkeleton = new TreeMap<>();
            for (char c = '0'; c <= 'z'; c++) {
                if (Character.isLetterOrDigit(c)) bySkeleton.putIfAbsent(skeleton(String.valueOf(c)), c);
            }
            Map<Character, List<String>> m = new TreeMap<>();
            for (int cp = 0x80; cp < 0x10000; cp++) {
                if (!Character.isLetterOrDigit(cp) || Character.isIdeographic(cp)) continue;
                String s = new String(Character.toChars(cp));
                Character ascii = bySkeleton.get(skeleton(s));
                if (ascii != null && skeleton(s).equals(skeleton(String.valueOf(ascii)))) {
                    m.computeIfAbsent(ascii, k -> new ArrayList<>()).add(s);
                }
            }
            table = m;
            return m;
        }
    }

    @Override
    public List<Substitution> candidates(String word, int charactersPerWord, int max, SplittableRandom rng) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < word.length(); i++) if (!confusables(word.charAt(i)).isEmpty()) positions.add(i);
        if (positions.isEmpty()) return List.of();
        Set<String> seen = new LinkedHashSet<>();
        List<Substitution> out = new ArrayList<>();
        int k = Math.min(charactersPerWord, positions.size());
        for (int attempt = 0; attempt < 20 * max && out.size() < max; attempt++) {
            List<Integer> pool = new ArrayList<>(positions);
            StringBuilder sb = new StringBuilder(word);
            for (int j = 0; j < k; j++) {
                int at = pool.remove(rng.nextInt(pool.size()));
                List<String> options = confusables(word.charAt(at));
                sb.replace(at, at + 1, options.get(rng.nextInt(options.size())));
            }
            String w = sb.toString();
            if (seen.add(w)) out.add(new Substitution(w, EditKind.HOMOGLYPH, k));
        }
        return out;
    }
}
