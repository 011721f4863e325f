package dev.mamori.methods.llmqa.perturbations;

import dev.mamori.data.Dataset;
import dev.mamori.data.formats.CmuPronouncingDictionary.Pronunciation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Homophones: a word replaced by a different word with an identical pronunciation in the CMU pronouncing dictionary
 * ("great" and "grate", "write" and "right"), stress marks included. Only letter-only words are used as
 * replacements, and stop words are left alone.
 */
public final class HomophonePerturber implements WordPerturber {
    private final Map<String, List<String>> pronunciations = new HashMap<>();
    private final Map<String, List<String>> wordsByPronunciation = new HashMap<>();

    public HomophonePerturber(Dataset<Pronunciation> dictionary) {
        for (int i = 0; i < dictionary.size(); i++) {
            Pronunciation p = dictionary.get(i);
            pronunciations.computeIfAbsent(p.word(), k -> new ArrayList<>(1)).add(p.phones());
            if (p.word().chars().allMatch(c -> c >= 'a' && c <= 'z')) {
                wordsByPronunciation.computeIfAbsent(p.phones(), k -> new ArrayList<>(1)).add(p.word());
            }
        }
    }

    @Override
    public String name() {
        return "homophone";
    }

    /** The pronunciations of a word (empty if the dictionary lacks it). */
    public List<String> pronunciations(String word) {
        return pronunciations.getOrDefault(word.toLowerCase(Locale.ROOT), List.of());
    }

    /** Other words pronounced exactly as one of this word's pronunciations, in dictionary order. */
    public List<String> homophones(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (StopWords.contains(w)) return List.of();
        Set<String> out = new LinkedHashSet<>();
        for (String phones : pronunciations(w)) {
            for (String h : wordsByPronunciation.getOrDefault(phones, List.of())) if (!h.equals(w)) out.add(h);
        }
        return new ArrayList<>(out);
    }

    @Override
    public List<Substitution> candidates(String word, int charactersPerWord, int max, SplittableRandom rng) {
        List<String> h = new ArrayList<>(homophones(word));
        // a seeded shuffle: the dictionary's alphabetical order would always pick the same rare spelling first
        for (int i = h.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            String t = h.get(i);
            h.set(i, h.get(j));
            h.set(j, t);
        }
        List<Substitution> out = new ArrayList<>();
        for (int i = 0; i < Math.min(max, h.size()); i++) {
            String r = Words.matchCase(word, h.get(i));
            out.add(new Substitution(r, EditKind.HOMOPHONE, r.length()));
        }
        return out;
    }
}
