package dev.mamori.methods.llmqa.experiment;

import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.Verdict;
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
    private final String sentences;

    /** @param sentences which sentences the random-placement outcomes are over ("held out", "all studied") */
    ClaimsCheck(LlmQaExperiment.StabilityResults stability, List<AttackOutcome> random, List<AttackOutcome> greedy, String sentences) {
        this.stability = stability;
        this.random = random;
        this.greedy = greedy;
        this.sentences = sentences;
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
        String rule = String.format(Locale.ROOT, "per attack at random placement, on the %s sentences: accuracy under attack at least %.0f points below"
                + " clean accuracy on the same items and the upper end of its 95%% Wilson interval below the clean accuracy", sentences, DROP_POINTS);
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
        String rule = "the attack with the lowest accuracy under attack at random placement (the paper's setting) on the " + sentences
                + " sentences is synonym (partly when another attack ties with it); the greedy search's ranking is given as well";
        boolean hasSynonym = random.stream().anyMatch(o -> o.attack().startsWith("synonym/") && o.items() > 0);
        if (random.size() < 2 || !hasSynonym) return Claim.notMeasured(statement, rule, "synonym and at least one other attack are needed.");
        List<AttackOutcome> ranked = random.stream().filter(o -> o.items() > 0).sorted(Comparator.comparingDouble(AttackOutcome::attackedAccuracy)).toList();
        double lowest = ranked.get(0).attackedAccuracy();
        List<String> strongest = ranked.stream().filter(o -> o.attackedAccuracy() == lowest).map(o -> o.attack().replace("/random", "")).toList();
        String ev = "random placement, weakest accuracy first: " + ranked.stream().map(o -> o.attack().replace("/random", "") + " "
                + LlmQaExperiment.pct(o.attackedAccuracy())).toList() + "; greedy search: " + greedy.stream()
                .sorted(Comparator.comparingDouble(AttackOutcome::attackedAccuracy)).map(o -> o.attack().replace("/greedy", "") + " "
                        + LlmQaExperiment.pct(o.attackedAccuracy())).toList() + ".";
        Verdict verdict = !strongest.contains("synonym") ? Verdict.DOES_NOT_HOLD : strongest.size() > 1 ? Verdict.PARTLY : Verdict.HOLDS;
        return new Claim(statement, verdict, rule, ev);
    }
}
