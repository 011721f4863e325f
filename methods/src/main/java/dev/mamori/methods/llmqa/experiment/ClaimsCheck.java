package dev.mamori.methods.llmqa.experiment;

import dev.mamori.eval.metrics.BootstrapInterval;
import dev.mamori.eval.metrics.Estimate;
import dev.mamori.methods.common.Claim;
import dev.mamori.methods.llmqa.metrics.AttackOutcome;
import dev.mamori.methods.llmqa.metrics.Stability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's three claims decided from the measured numbers with fixed, stated rules. The attack claims are decided on
 * the headline sentences (the held-out ones when the system's training split is known).
 */
final class ClaimsCheck {
    /** Below this share of items whose identical repeats all agree, repeated queries count as unstable. */
    static final double AGREE = 0.95;
    /** An accuracy spread over a factor's settings at least this large (points) counts as unstable. */
    static final double SPREAD_POINTS = 5.0;
    /** An attack "lowers accuracy" when its accuracy is at least this many points below the clean accuracy. */
    static final double DROP_POINTS = 2.0;

    private final LlmQaExperiment.StabilityResults stability;
    private final List<AttackOutcome> random, greedy;
    private final Map<String, List<AttackOutcome.Item>> randomItems;
    private final String sentences;
    private final long seed;

    /**
     * @param randomItems per attack, the random-placement records of the same sentences in the same order (for paired
     *                    comparisons between attacks)
     * @param sentences   which sentences the random-placement outcomes are over ("held out", "all studied")
     */
    ClaimsCheck(LlmQaExperiment.StabilityResults stability, List<AttackOutcome> random, List<AttackOutcome> greedy,
                Map<String, List<AttackOutcome.Item>> randomItems, String sentences, long seed) {
        this.stability = stability;
        this.random = random;
        this.greedy = greedy;
        this.randomItems = randomItems;
        this.sentences = sentences;
        this.seed = seed;
    }

    List<Claim> all() {
        return List.of(notStable(), attacksLowerAccuracy(), strongestIsSynonym());
    }

    /** Per factor: the spread of accuracy over the baseline and the factor's settings. */
    static Map<String, Double> spreads(LlmQaExperiment.StabilityResults st) {
        Map<String, List<Double>> by = new LinkedHashMap<>();
        String base = st.settings().get(0).id();
        for (LlmQaExperiment.Setting s : st.settings()) {
            if (s.factor().equals("baseline")) continue;
            by.computeIfAbsent(s.factor(), k -> new ArrayList<>(List.of(st.accuracy().get(base)))).add(st.accuracy().get(s.id()));
        }
        Map<String, Double> out = new LinkedHashMap<>();
        by.forEach((k, v) -> out.put(k, Stability.spread(v)));
        return out;
    }

    Claim notStable() {
        String statement = "The system is not stable under operational factors: identical queries, temperature, prompt wording, system prompt"
                + " and conversation history change its answers and accuracy (Ouyang et al. 2024).";
        String rule = String.format(Locale.ROOT, "two cases: (a) repeats are unstable when fewer than %.0f%% of items get the same answer in all"
                + " repeats of some setting with temperature > 0; (b) factors are unstable when some factor's accuracy spread is at least %.0f points",
                100 * AGREE, SPREAD_POINTS);
        if (stability.items() == 0) return Claim.notMeasured(statement, rule, "no stability items were run.");
        int pass = 0, cases = 0;
        List<String> ev = new ArrayList<>();
        double worstAgree = Double.NaN;
        String worstSetting = "";
        for (LlmQaExperiment.Setting s : stability.settings()) {
            if (s.query().temperature() == 0) continue;
            double a = Stability.allAgree(stability.answers().get(s.id()));
            if (Double.isNaN(worstAgree) || a < worstAgree) {
                worstAgree = a;
                worstSetting = s.id();
            }
        }
        if (!Double.isNaN(worstAgree)) {
            cases++;
            if (worstAgree < AGREE) pass++;
            ev.add(String.format(Locale.ROOT, "lowest all-repeats agreement %.1f%% (%s)", 100 * worstAgree, worstSetting));
        }
        Map<String, Double> spreads = spreads(stability);
        if (!spreads.isEmpty()) {
            cases++;
            Map.Entry<String, Double> widest = spreads.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
            if (100 * widest.getValue() >= SPREAD_POINTS) pass++;
            ev.add(String.format(Locale.ROOT, "widest accuracy spread %.1f points (%s); all spreads: %s", 100 * widest.getValue(), widest.getKey(),
                    spreads.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), 100 * e.getValue())).toList()));
        }
        double invalid = Stability.invalidRate(stability.answers().values().stream().flatMap(List::stream).flatMap(List::stream).toList());
        ev.add(String.format(Locale.ROOT, "invalid answers over the grid %.1f%%", 100 * invalid));
        return Claim.decide(statement, pass, cases, rule, String.join("; ", ev) + ".");
    }

    Claim attacksLowerAccuracy() {
        String statement = "Small text attacks (typo, synonym, homoglyph, homophone, at random places within the budget) lower accuracy (Ouyang et al. 2024).";
        String rule = String.format(Locale.ROOT, "per attack at random placement, on %s: accuracy under attack at least %.0f points below"
                + " clean accuracy on the same items and the upper end of its 95%% Wilson interval below the clean accuracy", StudySentences.phrase(sentences), DROP_POINTS);
        int pass = 0, cases = 0;
        List<String> ev = new ArrayList<>();
        for (AttackOutcome o : random) {
            if (o.items() == 0) continue;
            cases++;
            double drop = 100 * (o.cleanAccuracy() - o.attackedAccuracy());
            boolean ok = drop >= DROP_POINTS && o.attackedAccuracyInterval().upper() < o.cleanAccuracy();
            if (ok) pass++;
            ev.add(String.format(Locale.ROOT, "%s: %.1f%% -> %.1f%% (%+.1f points, success rate %s)%s", o.attack(), 100 * o.cleanAccuracy(),
                    100 * o.attackedAccuracy(), -drop, LlmQaExperiment.pct(o.successRate()), ok ? "" : " (not a clear drop)"));
        }
        if (cases == 0) return Claim.notMeasured(statement, rule, "no attack was run.");
        return Claim.decide(statement, pass, cases, rule, String.join("; ", ev) + ".");
    }

    Claim strongestIsSynonym() {
        String statement = "Synonym substitution is the strongest of the four attacks (Ouyang et al. 2024).";
        String rule = "at random placement (the paper's setting) on " + StudySentences.phrase(sentences) + ", one case per other attack: synonym is stronger"
                + " when its accuracy under attack is lower on the same sentences with the 95% bootstrap interval of the paired difference below zero;"
                + " holds when it is stronger than every other attack, partly than some, does not hold than none; the greedy search's ranking is"
                + " given as well";
        List<AttackOutcome.Item> syn = randomItems.get("synonym");
        if (randomItems.size() < 2 || syn == null || syn.isEmpty()) return Claim.notMeasured(statement, rule, "synonym and at least one other attack are needed.");
        int pass = 0, cases = 0;
        List<String> ev = new ArrayList<>();
        for (Map.Entry<String, List<AttackOutcome.Item>> other : randomItems.entrySet()) {
            if (other.getKey().equals("synonym")) continue;
            cases++;
            Estimate d = pairedDifference(syn, other.getValue());
            boolean stronger = d.interval().upper() < 0;
            if (stronger) pass++;
            ev.add(String.format(Locale.ROOT, "synonym minus %s: %+.1f points [%+.1f, %+.1f]%s", other.getKey(), 100 * d.value(), 100 * d.interval().lower(),
                    100 * d.interval().upper(), stronger ? " (synonym stronger)" : d.interval().lower() > 0 ? " (" + other.getKey() + " stronger)" : " (no clear difference)"));
        }
        List<AttackOutcome> ranked = random.stream().filter(o -> o.items() > 0).sorted(Comparator.comparingDouble(AttackOutcome::attackedAccuracy)).toList();
        String evidence = "paired differences in accuracy under attack: " + String.join("; ", ev) + ". Random placement, lowest accuracy first: "
                + ranked.stream().map(o -> o.attack().replace("/random", "") + " " + LlmQaExperiment.pct(o.attackedAccuracy())).toList() + "; greedy search: "
                + greedy.stream().sorted(Comparator.comparingDouble(AttackOutcome::attackedAccuracy)).map(o -> o.attack().replace("/greedy", "") + " "
                + LlmQaExperiment.pct(o.attackedAccuracy())).toList() + ".";
        return Claim.decide(statement, pass, cases, rule, evidence);
    }

    /** Mean over the same sentences of (a correct) - (b correct) after the attacks, with its 95% bootstrap interval. */
    private Estimate pairedDifference(List<AttackOutcome.Item> a, List<AttackOutcome.Item> b) {
        if (a.size() != b.size()) throw new IllegalArgumentException("paired records of " + a.size() + " and " + b.size() + " sentences");
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (a.get(i).attacked() == a.get(i).truth() ? 1 : 0) - (b.get(i).attacked() == b.get(i).truth() ? 1 : 0);
        }
        return BootstrapInterval.ofMean(d, seed);
    }
}
