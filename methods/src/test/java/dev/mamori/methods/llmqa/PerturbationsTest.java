package dev.mamori.methods.llmqa;

import dev.mamori.data.formats.CmuPronouncingDictionary;
import dev.mamori.methods.llmqa.perturbations.Budget;
import dev.mamori.methods.llmqa.perturbations.Edit;
import dev.mamori.methods.llmqa.perturbations.EditKind;
import dev.mamori.methods.llmqa.perturbations.GreedyWordImportance;
import dev.mamori.methods.llmqa.perturbations.HomoglyphPerturber;
import dev.mamori.methods.llmqa.perturbations.HomophonePerturber;
import dev.mamori.methods.llmqa.perturbations.Inflection;
import dev.mamori.methods.llmqa.perturbations.Substitution;
import dev.mamori.methods.llmqa.perturbations.WordNetMorphology;
import dev.mamori.methods.llmqa.perturbations.Perturbed;
import dev.mamori.methods.llmqa.perturbations.RandomPlacement;
import dev.mamori.methods.llmqa.perturbations.SynonymPerturber;
import dev.mamori.methods.llmqa.perturbations.TypoPerturber;
import dev.mamori.methods.llmqa.perturbations.WordPerturber;
import dev.mamori.methods.llmqa.perturbations.Words;
import dev.mamori.methods.llmqa.systems.LexiconSystem;
import net.sf.extjwnl.data.POS;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class PerturbationsTest {
    static final List<String> REVIEWS = List.of("The battery life is great and the screen is very bright.",
            "Terrible customer service, I would never buy from them again!", "This movie was a wonderful surprise.",
            "Food was cold and the waiter seemed bored.");
    static HomophonePerturber homophones;
    static SynonymPerturber synonyms;

    @BeforeAll
    static void load() throws Exception {
        homophones = new HomophonePerturber(CmuPronouncingDictionary.fromNpm(LlmQaFixtures.npmPrefix("cmudict")));
        synonyms = SynonymPerturber.wordNet31();
    }

    static List<WordPerturber> all() {
        return List.of(new TypoPerturber(), synonyms, new HomoglyphPerturber(), homophones);
    }

    @Test
    void everyPerturbationKeepsItsBudgetIsDeterministicAndRecordsItsEdits() {
        for (WordPerturber p : all()) {
            for (Budget budget : List.of(new Budget(1, 1), new Budget(2, 1), new Budget(3, 2))) {
                RandomPlacement placement = new RandomPlacement(p, budget);
                for (String review : REVIEWS) {
                    Perturbed a = placement.apply(review, 7), b = placement.apply(review, 7);
                    assertThat(b).as("same seed, same result").isEqualTo(a);
                    assertThat(a.wordsChanged()).as(p.name()).isBetween(0, budget.words());
                    boolean changeable = Words.of(review).stream().anyMatch(w -> !p.candidates(w.text(), 1, 1, new SplittableRandom(0)).isEmpty());
                    assertThat(a.changed()).as(p.name() + " changes a review that has a changeable word").isEqualTo(changeable);
                    List<Words.Word> before = Words.of(review);
                    for (Edit e : a.edits()) {
                        assertThat(before.get(e.wordIndex()).text()).isEqualTo(e.original());
                        assertThat(review.substring(e.offset(), e.offset() + e.original().length())).isEqualTo(e.original());
                        assertThat(e.replacement()).isNotEqualTo(e.original());
                        assertThat(a.text()).contains(e.replacement());
                        if (p instanceof TypoPerturber || p instanceof HomoglyphPerturber) {
                            assertThat(e.characters()).isLessThanOrEqualTo(budget.charactersPerWord());
                        }
                    }
                    // words not edited are untouched: rebuild the text from the edits
                    java.util.Map<Integer, String> repl = new java.util.HashMap<>();
                    a.edits().forEach(e -> repl.put(e.wordIndex(), e.replacement()));
                    assertThat(Words.replace(review, before, repl)).isEqualTo(a.text());
                }
            }
        }
        RandomPlacement typo = new RandomPlacement(new TypoPerturber(), new Budget(2, 1));
        assertThat(REVIEWS.stream().map(r -> typo.apply(r, 1).text()).toList())
                .isNotEqualTo(REVIEWS.stream().map(r -> typo.apply(r, 2).text()).toList());
    }

    @Test
    void typoIsOneCharacterEditKeepingTheEnds() {
        TypoPerturber t = new TypoPerturber();
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            var s = t.candidates("wonderful", 1, 1, rng).get(0);
            String r = s.replacement();
            assertThat(r.charAt(0)).isEqualTo('w');
            assertThat(r.charAt(r.length() - 1)).isEqualTo('l');
            assertThat(levenshteinOrSwap("wonderful", r)).as(r).isEqualTo(1);
            if (s.kind() == EditKind.TYPO_KEYBOARD) {
                for (int k = 0; k < r.length(); k++) {
                    if (r.charAt(k) != "wonderful".charAt(k)) assertThat(TypoPerturber.neighbours("wonderful".charAt(k))).contains(String.valueOf(r.charAt(k)));
                }
            }
        }
        assertThat(t.candidates("is", 1, 3, rng)).isEmpty();
    }

    @Test
    void aHomoglyphIsAConfusableOfTheLetterItReplaces() {
        HomoglyphPerturber h = new HomoglyphPerturber();
        assertThat(HomoglyphPerturber.confusables('a')).contains("\u0430"); // Cyrillic small a
        assertThat(HomoglyphPerturber.confusables('o')).contains("\u03bf"); // Greek small omicron
        for (String review : REVIEWS) {
            Perturbed p = new RandomPlacement(h, new Budget(3, 2)).apply(review, 11);
            assertThat(p.text()).isNotEqualTo(review);
            assertThat(HomoglyphPerturber.skeleton(p.text())).isEqualTo(HomoglyphPerturber.skeleton(review));
            for (Edit e : p.edits()) {
                assertThat(e.replacement().length()).isEqualTo(e.original().length());
                for (int i = 0; i < e.original().length(); i++) {
                    char o = e.original().charAt(i), r = e.replacement().charAt(i);
                    if (o != r) assertThat(HomoglyphPerturber.confusables(o)).contains(String.valueOf(r));
                }
            }
        }
    }

    @Test
    void aHomophoneHasTheSamePronunciation() {
        assertThat(homophones.homophones("great")).contains("grate");
        assertThat(homophones.homophones("write")).contains("right");
        for (String review : REVIEWS) {
            Perturbed p = new RandomPlacement(homophones, new Budget(2, 1)).apply(review, 5);
            for (Edit e : p.edits()) {
                assertThat(homophones.pronunciations(e.replacement())).as(e.original() + " -> " + e.replacement())
                        .containsAnyElementsOf(homophones.pronunciations(e.original()));
            }
        }
    }

    @Test
    void synonymsKeepThePartOfSpeech() {
        assertThat(synonyms.partOfSpeech("movie")).contains(POS.NOUN);
        assertThat(synonyms.partOfSpeech("buy")).contains(POS.VERB);
        assertThat(synonyms.synonyms("movie")).contains("film");
        assertThat(synonyms.synonyms("the")).isEmpty();
        for (String review : REVIEWS) {
            Perturbed p = new RandomPlacement(synonyms, new Budget(2, 1)).apply(review, 5);
            for (Edit e : p.edits()) {
                var original = synonyms.reading(e.original()).orElseThrow();
                assertThat(synonyms.synonyms(e.original())).contains(e.replacement().toLowerCase());
                // the replacement reads (in WordNet) with the part of speech and inflection of the word it replaced
                assertThat(synonyms.readingsOf(e.replacement())).as(e.original() + " -> " + e.replacement())
                        .anyMatch(r -> r.pos() == original.pos() && r.inflection() == original.inflection());
            }
        }
    }

    @Test
    void synonymsOfInflectedWordsKeepTheirInflection() {
        // lemma by extJWNL's morphological processor, replacement re-inflected (listed forms first, then regular rules)
        assertThat(synonyms.reading("worked").orElseThrow()).extracting(WordNetMorphology.Reading::lemma, WordNetMorphology.Reading::inflection)
                .containsExactly("work", Inflection.PAST);
        assertThat(synonyms.synonyms("movies")).contains("films").doesNotContain("film");
        assertThat(synonyms.synonyms("stopped")).contains("halted", "ceased");
        assertThat(synonyms.synonyms("tried")).contains("attempted");
        assertThat(synonyms.synonyms("bigger")).contains("larger");
        assertThat(synonyms.synonyms("loves")).contains("enjoys");
        for (String word : List.of("worked", "stopped", "tried", "recommended", "loved")) {
            List<String> found = synonyms.synonyms(word);
            assertThat(found).as(word).isNotEmpty();
            for (String c : found) {
                var r = synonyms.reading(c).orElseThrow();
                assertThat(r.inflection()).as(word + " -> " + c).isEqualTo(Inflection.PAST);
                assertThat(r.pos()).isEqualTo(POS.VERB);
            }
        }
        for (String c : synonyms.synonyms("working")) assertThat(c).endsWith("ing");
        // irregular surface forms are left alone rather than given a base-form replacement
        assertThat(synonyms.synonyms("went")).isEmpty();
        assertThat(synonyms.synonyms("children")).isEmpty();
        assertThat(synonyms.candidates("Worked", 1, 5, new SplittableRandom(0))).extracting(Substitution::replacement).allMatch(r -> Character.isUpperCase(r.charAt(0)));
        String review = "The battery worked for two days and then stopped.";
        boolean inflectedReplaced = false;
        for (long seed = 0; seed < 40 && !inflectedReplaced; seed++) {
            Perturbed p = new RandomPlacement(synonyms, new Budget(2, 1)).apply(review, seed);
            inflectedReplaced = p.edits().stream().anyMatch(e -> e.original().equals("worked") || e.original().equals("stopped") || e.original().equals("days"));
        }
        assertThat(inflectedReplaced).as("random placement now reaches inflected words").isTrue();
    }

    @Test
    void inflectionRulesAndWordNetsListedForms() {
        assertThat(Inflection.PAST.regular("try")).isEqualTo("tried");
        assertThat(Inflection.PAST.regular("love")).isEqualTo("loved");
        assertThat(Inflection.PAST.regular("play")).isEqualTo("played");
        assertThat(Inflection.GERUND.regular("make")).isEqualTo("making");
        assertThat(Inflection.GERUND.regular("see")).isEqualTo("seeing");
        assertThat(Inflection.GERUND.regular("die")).isEqualTo("dying");
        assertThat(Inflection.PLURAL.regular("box")).isEqualTo("boxes");
        assertThat(Inflection.PLURAL.regular("city")).isEqualTo("cities");
        assertThat(Inflection.PLURAL.regular("day")).isEqualTo("days");
        assertThat(Inflection.PLURAL.regular("photo")).as("no rule for nouns in -o").isNull();
        assertThat(Inflection.THIRD_PERSON.regular("go")).isEqualTo("goes");
        assertThat(Inflection.COMPARATIVE.regular("happy")).isEqualTo("happier");
        assertThat(Inflection.SUPERLATIVE.regular("nice")).isEqualTo("nicest");
        assertThat(Inflection.COMPARATIVE.regular("beautiful")).as("takes 'more'").isNull();
        WordNetMorphology m = new WordNetMorphology(synonymsDictionary());
        assertThat(m.inflect("stop", POS.VERB, Inflection.PAST)).contains("stopped");
        assertThat(m.inflect("run", POS.VERB, Inflection.PAST)).as("irregular: ran").isEmpty();
        assertThat(m.inflect("run", POS.VERB, Inflection.GERUND)).contains("running");
        assertThat(m.inflect("child", POS.NOUN, Inflection.PLURAL)).isEmpty();
        assertThat(m.inflect("film", POS.NOUN, Inflection.PLURAL)).contains("films");
        assertThat(m.inflect("big", POS.ADJECTIVE, Inflection.COMPARATIVE)).contains("bigger");
        assertThat(m.inflect("film", POS.NOUN, Inflection.PAST)).as("not a noun's inflection").isEmpty();
    }

    static net.sf.extjwnl.dictionary.Dictionary synonymsDictionary() {
        try {
            return net.sf.extjwnl.dictionary.Dictionary.getDefaultResourceInstance();
        } catch (net.sf.extjwnl.JWNLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void greedySearchCountsQueriesAndFlipsAScoredSystem() {
        LexiconSystem lexicon = new LexiconSystem(LlmQaFixtures.afinn());
        GreedyWordImportance greedy = new GreedyWordImportance(synonyms, new Budget(2, 1), 8);
        String review = "The soup was bad.";
        Perturbed p = greedy.attack(review, Sentiment.NEGATIVE, lexicon, QuerySettings.defaults(), 1);
        // one query for the text, one deletion per changeable word, then the candidates tried
        assertThat(p.queries()).isGreaterThanOrEqualTo(1 + 2);
        assertThat(p.wordsChanged()).isBetween(1, 2);
        assertThat(lexicon.classify(p.text()).label()).as(p.text()).isNotEqualTo(Sentiment.NEGATIVE);
        Perturbed again = greedy.attack(review, Sentiment.NEGATIVE, lexicon, QuerySettings.defaults(), 1);
        assertThat(again).isEqualTo(p);
        // a review already answered wrongly costs one query and is left alone
        Perturbed wrong = greedy.attack(review, Sentiment.POSITIVE, lexicon, QuerySettings.defaults(), 1);
        assertThat(wrong.queries()).isEqualTo(1);
        assertThat(wrong.changed()).isFalse();
    }

    /** Edit distance with adjacent swaps counted as one (Damerau, optimal string alignment). */
    static int levenshteinOrSwap(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
        return d[a.length()][b.length()];
    }
}
