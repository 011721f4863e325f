package dev.mamori.methods.llmqa.perturbations;

import dev.mamori.methods.llmqa.QuerySettings;
import dev.mamori.methods.llmqa.Sentiment;
import dev.mamori.methods.llmqa.SentimentAnswer;
import dev.mamori.methods.llmqa.SentimentSystem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A greedy word-importance search in the manner of TextFooler (Jin et al. 2020), with any {@link WordPerturber} as its
 * substitution step:
 * <ol>
 *   <li>Query the text. If the answer is already not the true label, there is nothing to attack.</li>
 *   <li>Rank the changeable words by importance: the drop in the system's probability of the true label when the word is
 *   deleted. A system that answers only a label (a chat endpoint) gives importance 1 to a deletion that changes the
 *   answer and 0 otherwise; ties keep a seeded random order.</li>
 *   <li>In that order, and while the word budget lasts, try the word's candidates: a candidate that makes the answer
 *   wrong (another label or INVALID) ends the search; otherwise keep the candidate that lowered the true label's
 *   probability most (label-only systems: the first candidate) and go on.</li>
 * </ol>
 * Every query is counted, so the cost of the search is reported beside its success.
 */
public final class GreedyWordImportance {
    private final WordPerturber perturber;
    private final Budget budget;
    private final int candidatesPerWord;

    public GreedyWordImportance(WordPerturber perturber, Budget budget, int candidatesPerWord) {
        if (candidatesPerWord < 1) throw new IllegalArgumentException("candidatesPerWord must be >= 1");
        this.perturber = perturber;
        this.budget = budget;
        this.candidatesPerWord = candidatesPerWord;
    }

    public String name() {
        return perturber.name();
    }

    public Perturbed attack(String text, Sentiment truth, SentimentSystem system, QuerySettings settings, long seed) {
        SplittableRandom rng = Seeding.forText(seed, text);
        List<Words.Word> words = Words.of(text);
        int queries = 0;
        SentimentAnswer base = system.classify(text, settings);
        queries++;
        if (base.label() != truth) return new Perturbed(text, text, List.of(), queries);
        boolean scored = base.scores() != null;
        double p0 = base.score(truth);

        record Ranked(Words.Word word, double importance, double tieBreak, List<Substitution> candidates) {}
        List<Ranked> ranked = new ArrayList<>();
        for (Words.Word w : words) {
            List<Substitution> c = perturber.candidates(w.text(), budget.charactersPerWord(), candidatesPerWord, rng.split());
            if (c.isEmpty()) continue;
            String without = Words.replace(text, words, Map.of(w.index(), ""));
            double importance;
            if (without.isBlank()) {
                importance = 0;
            } else {
                SentimentAnswer a = system.classify(without, settings);
                queries++;
                importance = scored ? p0 - a.score(truth) : (a.label() != truth ? 1 : 0);
            }
            ranked.add(new Ranked(w, importance, rng.nextDouble(), c));
        }
        ranked.sort(Comparator.comparingDouble(Ranked::importance).reversed().thenComparingDouble(Ranked::tieBreak));

        Map<Integer, String> replacements = new HashMap<>();
        List<Edit> edits = new ArrayList<>();
        double current = p0;
        for (Ranked r : ranked) {
            if (edits.size() >= budget.words()) break;
            Substitution best = null;
            double bestP = Double.POSITIVE_INFINITY;
            boolean flipped = false;
            for (Substitution s : r.candidates()) {
                Map<Integer, String> trial = new HashMap<>(replacements);
                trial.put(r.word().index(), s.replacement());
                SentimentAnswer a = system.classify(Words.replace(text, words, trial), settings);
                queries++;
                if (a.label() != truth) {
                    best = s;
                    flipped = true;
                    break;
                }
                double p = scored ? a.score(truth) : Double.NaN;
                if (best == null || (scored && p < bestP)) {
                    best = s;
                    bestP = p;
                }
            }
            // a scored system keeps a substitution only when it moved the answer towards a wrong one
            if (!flipped && scored && !(bestP < current)) continue;
            replacements.put(r.word().index(), best.replacement());
            edits.add(new Edit(r.word().index(), r.word().start(), r.word().text(), best.replacement(), best.kind(), best.characters()));
            if (flipped) break;
            if (scored) current = bestP;
        }
        edits.sort(Comparator.comparingInt(Edit::wordIndex));
        return new Perturbed(text, Words.replace(text, words, replacements), edits, queries);
    }
}
