package dev.mamori.methods.llmqa.perturbations;

import net.sf.extjwnl.data.POS;

import java.util.List;

/**
 * The English inflections a synonym substitution carries over from the word it replaces ("worked" -> "functioned"),
 * with the regular spelling rules that form them. Irregular forms are not made here: {@link WordNetMorphology} takes
 * them from WordNet's exception lists, and a word or replacement whose form the rules and lists cannot give is left
 * alone rather than misspelled.
 * <p>Regular rules (the inverses of WordNet's detachment rules, ours):
 * <ul>
 *   <li>-s (plural, third person): -es after s, x, z, ch, sh (and o for verbs), consonant + y -> -ies, else -s;</li>
 *   <li>-ed: -d after e, consonant + y -> -ied, else -ed;</li>
 *   <li>-ing: ie -> -ying, a silent final e dropped (not after e, o or y), else -ing;</li>
 *   <li>-er / -est: only for one-syllable adjectives and two-syllable ones ending in y (longer ones take "more" and
 *   "most", which would change two words): -r / -st after e, consonant + y -> -ier / -iest, else -er / -est.</li>
 * </ul>
 * Final consonant doubling ("stop" -> "stopped") is not a rule here: WordNet's exception lists hold those forms.
 */
public enum Inflection {
    /** The word is its own lemma. */
    BASE(null, ""),
    PLURAL(POS.NOUN, "s"),
    THIRD_PERSON(POS.VERB, "s"),
    PAST(POS.VERB, "ed"),
    GERUND(POS.VERB, "ing"),
    COMPARATIVE(POS.ADJECTIVE, "er"),
    SUPERLATIVE(POS.ADJECTIVE, "est");

    /** The part of speech this inflection belongs to (null for BASE, which all have). */
    public final POS pos;
    /** The ending its regular and most irregular-but-listed forms end with. */
    public final String ending;

    Inflection(POS pos, String ending) {
        this.pos = pos;
        this.ending = ending;
    }

    /** The inflections of a part of speech other than BASE (adverbs: none). */
    public static List<Inflection> of(POS pos) {
        return List.of(values()).stream().filter(i -> i.pos == pos).toList();
    }

    /** The inflection of {@code pos} a listed (exception) form shows by its ending, or null for one like "went". */
    public static Inflection byEnding(POS pos, String form) {
        Inflection best = null;
        for (Inflection i : of(pos)) {
            if (form.endsWith(i.ending) && (best == null || i.ending.length() > best.ending.length())) best = i;
        }
        return best;
    }

    /** The regular form of {@code lemma} (lower case, letters only), or null where the rules above do not apply. */
    public String regular(String lemma) {
        if (this == BASE) return lemma;
        if (lemma.length() < 2 || !lemma.chars().allMatch(c -> c >= 'a' && c <= 'z')) return null;
        char last = lemma.charAt(lemma.length() - 1), before = lemma.charAt(lemma.length() - 2);
        boolean consonantY = last == 'y' && !vowel(before);
        String stem = lemma.substring(0, lemma.length() - 1);
        return switch (this) {
            case PLURAL, THIRD_PERSON -> {
                if (last == 'o' && this == PLURAL) yield null; // "photos" but "potatoes": no rule
                if (lemma.endsWith("s") || lemma.endsWith("x") || lemma.endsWith("z") || lemma.endsWith("ch") || lemma.endsWith("sh")
                        || last == 'o') yield lemma + "es";
                yield consonantY ? stem + "ies" : lemma + "s";
            }
            case PAST -> last == 'e' ? lemma + "d" : consonantY ? stem + "ied" : lemma + "ed";
            case GERUND -> {
                if (lemma.endsWith("ie")) yield lemma.substring(0, lemma.length() - 2) + "ying";
                if (last == 'e' && before != 'e' && before != 'o' && before != 'y') yield stem + "ing";
                yield lemma + "ing";
            }
            case COMPARATIVE, SUPERLATIVE -> {
                int syllables = syllables(lemma);
                if (!(syllables == 1 || (syllables == 2 && consonantY))) yield null;
                String end = this == COMPARATIVE ? "er" : "est";
                yield last == 'e' ? lemma + end.substring(1) : consonantY ? stem + "i" + end : lemma + end;
            }
            case BASE -> lemma;
        };
    }

    private static boolean vowel(char c) {
        return "aeiou".indexOf(c) >= 0;
    }

    /** Vowel groups, a silent final e not counted: a rough syllable count, enough to tell "sad" from "happy" from "awful". */
    static int syllables(String word) {
        String w = word.endsWith("e") && word.length() > 2 && !word.endsWith("le") ? word.substring(0, word.length() - 1) : word;
        int groups = 0;
        boolean inVowel = false;
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            boolean v = vowel(c) || (c == 'y' && i > 0);
            if (v && !inVowel) groups++;
            inVowel = v;
        }
        return Math.max(1, groups);
    }
}
