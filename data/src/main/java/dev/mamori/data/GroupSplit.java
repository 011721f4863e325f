package dev.mamori.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A seeded hold-out split of groups rather than of examples (scikit-learn's GroupShuffleSplit, stratified): every
 * example of a group (all renderings and skin-tone variants of one emoji, say) falls on the same side, so a test
 * example never has a twin in training. Within each stratum (a class, say) the groups are sorted, shuffled with the
 * seed and round(testFraction * n) of them held out, so every class keeps its share on both sides. The result
 * depends only on the groups, strata, fraction and seed, never on the order they are given in.
 */
public final class GroupSplit {
    private GroupSplit() {}

    /**
     * The groups held out for testing.
     *
     * @param strata the stratum of each group (every group must have one); one stratum for a plain group split
     */
    public static Set<String> testGroups(Map<String, String> strata, double testFraction, long seed) {
        if (!(testFraction >= 0 && testFraction <= 1)) {
            throw new IllegalArgumentException("test fraction must be in [0, 1], got " + testFraction);
        }
        Map<String, List<String>> byStratum = new TreeMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(strata).entrySet()) {
            byStratum.computeIfAbsent(e.getValue(), s -> new ArrayList<>()).add(e.getKey());
        }
        Set<String> test = new HashSet<>();
        SplittableRandom rng = new SplittableRandom(seed);
        for (List<String> groups : byStratum.values()) {
            int[] perm = Seeds.permutation(groups.size(), rng);
            int held = (int) Math.round(testFraction * groups.size());
            for (int k = 0; k < held; k++) test.add(groups.get(perm[k]));
        }
        return test;
    }

    /** A plain (unstratified) group split. */
    public static Set<String> testGroups(Collection<String> groups, double testFraction, long seed) {
        Map<String, String> one = new TreeMap<>();
        for (String g : new TreeSet<>(groups)) one.put(g, "");
        return testGroups(one, testFraction, seed);
    }
}
