package dev.mamori.methods.llmqa.perturbations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Typos: insert a letter, delete a letter, swap two neighbouring letters, or hit a neighbouring key on a QWERTY
 * keyboard; one such edit per allowed character. Words shorter than {@link #MIN_LENGTH} letters are left alone (a typo
 * in "a" or "is" changes the word rather than misspells it). The first and last letters are kept, as in the
 * typo attacks of Ouyang et al. and DeepWordBug's "readable" variants.
 */
public final class TypoPerturber implements WordPerturber {
    public static final int MIN_LENGTH = 3;
    private static final String[] ROWS = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
    private static final Map<Character, String> NEIGHBOURS = keyboard();
    private static final EditKind[] KINDS = {EditKind.TYPO_INSERT, EditKind.TYPO_DELETE, EditKind.TYPO_SWAP, EditKind.TYPO_KEYBOARD};

    @Override
    public String name() {
        return "typo";
    }

    @Override
    public List<Substitution> candidates(String word, int charactersPerWord, int max, SplittableRandom rng) {
        if (word.length() < MIN_LENGTH || !word.chars().allMatch(c -> c < 128 && Character.isLetter(c))) return List.of();
        Set<String> seen = new LinkedHashSet<>();
        List<Substitution> out = new ArrayList<>();
        for (int attempt = 0; attempt < 20 * max && out.size() < max; attempt++) {
            String w = word;
            EditKind last = null;
            for (int e = 0; e < charactersPerWord; e++) {
                EditKind kind = KINDS[rng.nextInt(KINDS.length)];
                String next = apply(w, kind, rng);
                if (next != null) {
                    w = next;
                    last = kind;
                }
            }
            if (last != null && !w.equals(word) && seen.add(w)) out.add(new Substitution(w, last, charactersPerWord));
        }
        return out;
    }

    /** One edit of a kind at an inner position, or null when the word is too short for it. */
    static String apply(String w, EditKind kind, SplittableRandom rng) {
        int n = w.length();
        switch (kind) {
            case TYPO_INSERT -> {
                int at = 1 + rng.nextInt(n - 1); // between the first and the last letter
                char c = (char) ('a' + rng.nextInt(26));
                return w.substring(0, at) + c + w.substring(at);
            }
            case TYPO_DELETE -> {
                if (n < 4) return null;
                int at = 1 + rng.nextInt(n - 2);
                return w.substring(0, at) + w.substring(at + 1);
            }
            case TYPO_SWAP -> {
                if (n < 4) return null;
                int at = 1 + rng.nextInt(n - 3); // swap at and at+1, both inner
                if (w.charAt(at) == w.charAt(at + 1)) return null;
                return w.substring(0, at) + w.charAt(at + 1) + w.charAt(at) + w.substring(at + 2);
            }
            case TYPO_KEYBOARD -> {
                int at = 1 + rng.nextInt(n - 2);
                char c = w.charAt(at);
                String near = NEIGHBOURS.get(Character.toLowerCase(c));
                if (near == null) return null;
                char r = near.charAt(rng.nextInt(near.length()));
                if (Character.isUpperCase(c)) r = Character.toUpperCase(r);
                return w.substring(0, at) + r + w.substring(at + 1);
            }
            default -> throw new IllegalArgumentException("not a typo: " + kind);
        }
    }

    /** Keys left, right, above and below each letter (rows offset as on a real keyboard). */
    private static Map<Character, String> keyboard() {
        Map<Character, String> m = new HashMap<>();
        for (int r = 0; r < ROWS.length; r++) {
            for (int c = 0; c < ROWS[r].length(); c++) {
                StringBuilder sb = new StringBuilder();
                if (c > 0) sb.append(ROWS[r].charAt(c - 1));
                if (c + 1 < ROWS[r].length()) sb.append(ROWS[r].charAt(c + 1));
                if (r > 0) for (int d : new int[]{c, c + 1}) if (d < ROWS[r - 1].length()) sb.append(ROWS[r - 1].charAt(d));
                if (r + 1 < ROWS.length) for (int d : new int[]{c - 1, c}) if (d >= 0 && d < ROWS[r + 1].length()) sb.append(ROWS[r + 1].charAt(d));
                m.put(ROWS[r].charAt(c), sb.toString());
            }
        }
        return m;
    }

    /** The keys next to a letter on a QWERTY keyboard. */
    public static String neighbours(char c) {
        return NEIGHBOURS.getOrDefault(Character.toLowerCase(c), "");
    }
}
