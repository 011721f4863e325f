package dev.mamori.methods.llmqa.perturbations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The paper's placement: the budget's number of words chosen uniformly at random among the words the perturber can
 * change, each replaced by one of its candidates at random. No query is spent; the result depends only on the text,
 * the budget and the seed.
 */
public final class RandomPlacement {
    private final WordPerturber perturber;
    private final Budget budget;

    public RandomPlacement(WordPerturber perturber, Budget budget) {
        this.perturber = perturber;
        this.budget = budget;
    }

    public Perturbed apply(String text, long seed) {
        SplittableRandom rng = Seeding.forText(seed, text);
        List<Words.Word> words = Words.of(text);
        List<Words.Word> changeable = new ArrayList<>();
        Map<Integer, List<Substitution>> options = new HashMap<>();
        for (Words.Word w : words) {
            List<Substitution> c = perturber.candidates(w.text(), budget.charactersPerWord(), Seeding.CANDIDATES, rng.split());
            if (!c.isEmpty()) {
                changeable.add(w);
                options.put(w.index(), c);
            }
        }
        List<Edit> edits = new ArrayList<>();
        Map<Integer, String> replacements = new HashMap<>();
        for (int k = 0; k < budget.words() && !changeable.isEmpty(); k++) {
            Words.Word w = changeable.remove(rng.nextInt(changeable.size()));
            List<Substitution> c = options.get(w.index());
            Substitution s = c.get(rng.nextInt(c.size()));
            replacements.put(w.index(), s.replacement());
            edits.add(new Edit(w.index(), w.start(), w.text(), s.replacement(), s.kind(), s.characters()));
        }
        edits.sort((a, b) -> Integer.compare(a.wordIndex(), b.wordIndex()));
        return new Perturbed(text, Words.replace(text, words, replacements), edits, 0);
    }

    public String name() {
        return perturber.name();
    }
}
