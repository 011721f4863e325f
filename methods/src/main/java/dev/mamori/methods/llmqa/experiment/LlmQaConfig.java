package dev.mamori.methods.llmqa.experiment;

import dev.mamori.methods.common.config.ConfigChecks;

import java.util.ArrayList;
import java.util.List;

/**
 * What the study runs. Defaults: the whole study (3,000 sentences x 4 attacks placed at random, greedy search on 300
 * of them, and the stability grid on 200); {@link #quick()} is a few-minute subset. Mutable fields so that a YAML file
 * can name only what it changes.
 */
public final class LlmQaConfig {
    /** Sentences attacked at random placement (0 = all 3,000). */
    public int items = 0;
    /** Sentences of the stability grid. */
    public int stabilityItems = 200;
    /** Identical repeats of each stability query. */
    public int repeats = 5;
    /** Temperatures of the grid (the paper's nondeterminism factor); the baseline is the first entry equal to 1 or the first. */
    public List<Double> temperatures = new ArrayList<>(List.of(1.0, 0.0, 0.7, 1.5));
    /** Prompt variants by name (PromptTemplate.VARIANTS); the first is the baseline. */
    public List<String> prompts = new ArrayList<>(List.of("paper", "reworded", "terse", "no_output_control"));
    /** System prompts; "" is none (the baseline). */
    public List<String> systemPrompts = new ArrayList<>(List.of("", "You are an expert in sentiment analysis of product reviews."));
    /** Conversation history settings: "none" (baseline) or "prior_review" (one earlier review and its answer). */
    public List<String> histories = new ArrayList<>(List.of("none", "prior_review"));
    /** The attacks. */
    public List<String> attacks = new ArrayList<>(List.of("typo", "synonym", "homoglyph", "homophone"));
    /** Words an attack may change. */
    public int budgetWords = 2;
    /** Characters a character-level attack may change in a word. */
    public int budgetCharacters = 1;
    /** Sentences the greedy word-importance search runs on (it costs one query per word and candidate). */
    public int greedyItems = 300;
    /** Candidates tried per word by the greedy search. */
    public int greedyCandidates = 5;
    /** Temperature of the attack queries (0: the answer does not depend on the draw, so a flip is the attack's). */
    public double attackTemperature = 0.0;
    /** Queries in flight at once (chat systems; native systems answer one at a time). */
    public int concurrency = 4;
    public long seed = 0;

    public static LlmQaConfig defaults() {
        return new LlmQaConfig();
    }

    public static LlmQaConfig quick() {
        LlmQaConfig c = new LlmQaConfig();
        c.items = 150;
        c.stabilityItems = 30;
        c.repeats = 3;
        c.temperatures = new ArrayList<>(List.of(1.0, 0.0));
        c.prompts = new ArrayList<>(List.of("paper", "reworded"));
        c.greedyItems = 20;
        c.greedyCandidates = 3;
        return c;
    }

    public void validate() {
        ConfigChecks.check(this);
        if (items < 0) throw new IllegalArgumentException("items must be >= 0 (0 = all)");
        if (stabilityItems < 0) throw new IllegalArgumentException("stabilityItems must be >= 0");
        if (repeats < 2) throw new IllegalArgumentException("repeats must be >= 2 (agreement needs two answers)");
        if (temperatures.isEmpty() || prompts.isEmpty() || systemPrompts.isEmpty() || histories.isEmpty()) {
            throw new IllegalArgumentException("temperatures, prompts, systemPrompts and histories need at least one entry each");
        }
        for (double t : temperatures) if (!(t >= 0 && t <= 2)) throw new IllegalArgumentException("temperatures must be in [0, 2], found " + t);
        for (String h : histories) if (!h.equals("none") && !h.equals("prior_review")) throw new IllegalArgumentException("histories: 'none' or 'prior_review', found '" + h + "'");
        for (String a : attacks) if (!List.of("typo", "synonym", "homoglyph", "homophone").contains(a)) throw new IllegalArgumentException("unknown attack '" + a + "'");
        if (budgetWords < 1 || budgetCharacters < 1) throw new IllegalArgumentException("budgets must be >= 1");
        if (greedyItems < 0 || greedyCandidates < 1) throw new IllegalArgumentException("greedyItems >= 0 and greedyCandidates >= 1");
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1");
    }
}
