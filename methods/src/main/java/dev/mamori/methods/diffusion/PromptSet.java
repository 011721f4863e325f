package dev.mamori.methods.diffusion;

import dev.mamori.nn.Stochastic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The prompts of the faithfulness measurement: held-out texts (test-split emoji, never trained on), up to {@code perCategory}
 * distinct ones per category drawn with the seed, each with its category and the index of one real held-out image
 * that has it (the reference the judge classifies too).
 *
 * @param texts      the prompts, category by category
 * @param categories the category of each prompt
 * @param realImage  per prompt, the row of a held-out image with that text
 */
public record PromptSet(List<String> texts, int[] categories, int[] realImage) {

    public static PromptSet heldOut(CaptionedImages test, int perCategory, long seed) {
        Map<Integer, List<Integer>> byCategory = new LinkedHashMap<>();
        Map<Integer, Integer> firstOfText = new LinkedHashMap<>();
        for (int i = 0; i < test.size(); i++) {
            if (firstOfText.putIfAbsent(test.textOf()[i], i) == null) byCategory.computeIfAbsent(test.labels()[i], k -> new ArrayList<>()).add(test.textOf()[i]);
        }
        List<String> texts = new ArrayList<>();
        List<Integer> cats = new ArrayList<>(), rows = new ArrayList<>();
        for (int c = 0; c < test.classes().size(); c++) {
            List<Integer> options = new ArrayList<>(byCategory.getOrDefault(c, List.of()));
            Collections.shuffle(options, new java.util.Random(new SplittableRandom(Stochastic.mix(seed, c)).nextLong()));
            for (int t : options.subList(0, Math.min(perCategory, options.size()))) {
                texts.add(test.texts().get(t));
                cats.add(c);
                rows.add(firstOfText.get(t));
            }
        }
        if (texts.isEmpty()) throw new IllegalArgumentException("the test split has no captions to prompt with");
        return new PromptSet(texts, cats.stream().mapToInt(Integer::intValue).toArray(), rows.stream().mapToInt(Integer::intValue).toArray());
    }

    public int size() {
        return texts.size();
    }

    /** How many prompts each category has. */
    public int[] perCategory(int classes) {
        int[] n = new int[classes];
        for (int c : categories) n[c]++;
        return n;
    }
}
