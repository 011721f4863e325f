package dev.mamori.methods.llmqa.perturbations;

import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.Exc;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lemmas and inflections of English words from WordNet: extJWNL's morphological processor (WordNet's "morphy":
 * exception lists, then suffix detachment) finds a surface word's lemmas, and the same exception lists read backwards
 * give a lemma's irregular forms. Not thread-safe (extJWNL's dictionary caches are not); callers serialize.
 * <p>The rule for a surface word (ours): its readings are (part of speech, lemma) pairs - the word itself where it is a
 * lemma, and every base form the morphological processor finds - each with the inflection that turns the lemma into
 * the word: by the ending of a listed (exception) form ("stopped" -> PAST), else by the regular rules of
 * {@link Inflection}; a listed form without an inflectional ending ("went", "children") has none, and such a reading
 * is skipped. The reading kept is the one whose lemma has the highest SemCor count in that part of speech (ties: more
 * senses), the part-of-speech guess WordNet alone allows.
 */
public final class WordNetMorphology {
    /** One reading of a surface word; {@code inflection} is null when it is irregular (no ending carries over). */
    public record Reading(POS pos, String lemma, Inflection inflection, long useCount, int senses) {}

    private final Dictionary dictionary;
    /** Per part of speech: lemma -> its listed (irregular or doubled) forms. */
    private final Map<POS, Map<String, Set<String>>> formsOf = new EnumMap<>(POS.class);

    public WordNetMorphology(Dictionary dictionary) {
        this.dictionary = dictionary;
        try {
            for (POS pos : POS.getAllPOS()) {
                Map<String, Set<String>> forms = new HashMap<>();
                for (Iterator<Exc> it = dictionary.getExceptionIterator(pos); it.hasNext(); ) {
                    Exc e = it.next();
                    for (String base : e.getExceptions()) forms.computeIfAbsent(base, k -> new TreeSet<>()).add(e.getLemma());
                }
                formsOf.put(pos, forms);
            }
        } catch (JWNLException e) {
            throw new IllegalStateException("cannot read WordNet's exception lists: " + e.getMessage(), e);
        }
    }

    public Dictionary dictionary() {
        return dictionary;
    }

    /** Every reading of a word (lower-cased), as described above. */
    public List<Reading> readings(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        List<Reading> out = new ArrayList<>();
        for (POS pos : POS.getAllPOS()) {
            Set<String> lemmas = new LinkedHashSet<>();
            if (indexWord(pos, w) != null) lemmas.add(w);
            try {
                for (String base : dictionary.getMorphologicalProcessor().lookupAllBaseForms(pos, w)) lemmas.add(base.toLowerCase(Locale.ROOT));
            } catch (JWNLException e) {
                throw new IllegalStateException("WordNet's morphological processor failed on '" + w + "': " + e.getMessage(), e);
            }
            for (String lemma : lemmas) {
                IndexWord iw = indexWord(pos, lemma);
                if (iw == null) continue;
                long count = 0;
                for (Synset s : iw.getSenses()) for (Word x : s.getWords()) if (x.getLemma().equalsIgnoreCase(lemma)) count += x.getUseCount();
                out.add(new Reading(pos, lemma, inflection(pos, lemma, w), count, iw.getSenses().size()));
            }
        }
        return out;
    }

    /** The most likely reading (highest SemCor count, then most senses), if WordNet knows the word at all. */
    public Optional<Reading> reading(String word) {
        Reading best = null;
        for (Reading r : readings(word)) {
            if (best == null || r.useCount() > best.useCount() || (r.useCount() == best.useCount() && r.senses() > best.senses())) best = r;
        }
        return Optional.ofNullable(best);
    }

    /** How {@code lemma} becomes {@code word} in {@code pos}: BASE, an inflection, or null (irregular or unknown). */
    Inflection inflection(POS pos, String lemma, String word) {
        if (word.equals(lemma)) return Inflection.BASE;
        if (formsOf.get(pos).getOrDefault(lemma, Set.of()).contains(word)) return Inflection.byEnding(pos, word);
        for (Inflection i : Inflection.of(pos)) if (word.equals(i.regular(lemma))) return i;
        return null;
    }

    /**
     * {@code lemma} in {@code pos} with {@code inflection}: a listed form with the inflection's ending when WordNet has
     * one ("stop" PAST -> "stopped", "big" COMPARATIVE -> "bigger"); none when a listed form without an ending shows
     * the lemma is irregular there ("run" PAST: "ran"; "child" PLURAL: "children"; "bad" COMPARATIVE: "worse" - a
     * verb's -s and -ing forms are regular even then); else the regular form, kept only when the morphological
     * processor reads it back as this lemma.
     */
    public Optional<String> inflect(String lemma, POS pos, Inflection inflection) {
        if (inflection == Inflection.BASE) return Optional.of(lemma);
        if (inflection.pos != pos) return Optional.empty();
        Set<String> listed = formsOf.get(pos).getOrDefault(lemma, Set.of());
        for (String f : listed) if (Inflection.byEnding(pos, f) == inflection) return Optional.of(f);
        boolean irregularHere = inflection != Inflection.THIRD_PERSON && inflection != Inflection.GERUND;
        if (irregularHere && listed.stream().anyMatch(f -> Inflection.byEnding(pos, f) == null)) return Optional.empty();
        String regular = inflection.regular(lemma);
        if (regular == null) return Optional.empty();
        try {
            List<String> back = dictionary.getMorphologicalProcessor().lookupAllBaseForms(pos, regular);
            return back.stream().anyMatch(b -> b.equalsIgnoreCase(lemma)) ? Optional.of(regular) : Optional.empty();
        } catch (JWNLException e) {
            throw new IllegalStateException("WordNet's morphological processor failed on '" + regular + "': " + e.getMessage(), e);
        }
    }

    IndexWord indexWord(POS pos, String lemma) {
        try {
            return dictionary.getIndexWord(pos, lemma);
        } catch (JWNLException e) {
            throw new IllegalStateException("WordNet lookup of '" + lemma + "' failed: " + e.getMessage(), e);
        }
    }
}
