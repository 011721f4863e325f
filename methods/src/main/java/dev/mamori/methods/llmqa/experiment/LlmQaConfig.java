package dev.mamori.methods.llmqa.experiment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.common.config.ConfigChecks;

import java.util.ArrayList;
import java.util.List;

/**
 * What the study runs, as a YAML/JSON config file gives it over a preset (a file names only what it changes; unknown
 * fields are errors). {@link Preset#DEFAULT}: the whole study (every studied sentence x 4 attacks placed at random, the
 * greedy search on 300 of them, the stability grid on 200); {@link Preset#QUICK}: a few-minute subset.
 * <pre>
 * sentences: all          # auto (default), held_out or all
 * items: 0                # 0 = every studied sentence
 * attacks: [typo, synonym]
 * budgetWords: 2
 * </pre>
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class LlmQaConfig extends ExperimentConfig {
    public static final List<String> ATTACKS = List.of("typo", "synonym", "homoglyph", "homophone");
    public static final List<String> HISTORIES = List.of("none", "prior_review");

    /**
     * Which of the 3,000 sentences are studied. {@code held_out}: only those the system under test did not train on
     * (needs its training split: a native system, or a chat endpoint serving one, named with {@code --trained-on});
     * {@code all}: every sentence, the held-out ones and the training ones reported apart when the split is known;
     * {@code auto}: held_out for a native system whose split is known, all otherwise.
     */
    @JsonProperty public String sentences = "auto";
    /** Studied sentences attacked at random placement (0 = all of them); held-out sentences come first. */
    @JsonProperty public int items = 0;
    /** Sentences of the stability grid (the first studied ones: held-out ones when the split is known). */
    @JsonProperty public int stabilityItems = 200;
    /** Identical repeats of each stability query. */
    @JsonProperty public int repeats = 5;
    /** Temperatures of the grid (the paper's nondeterminism factor); the first is the baseline. */
    @JsonProperty public List<Double> temperatures = new ArrayList<>(List.of(1.0, 0.0, 0.7, 1.5));
    /** Prompt variants by name (PromptTemplate.VARIANTS); the first is the baseline. */
    @JsonProperty public List<String> prompts = new ArrayList<>(List.of("paper", "reworded", "terse", "no_output_control"));
    /** System prompts; "" is none (the baseline). */
    @JsonProperty public List<String> systemPrompts = new ArrayList<>(List.of("", "You are an expert in sentiment analysis of product reviews."));
    /** Conversation history settings: "none" (baseline) or "prior_review" (one earlier review and its answer). */
    @JsonProperty public List<String> histories = new ArrayList<>(HISTORIES);
    /** The attacks, of {@link #ATTACKS}. */
    @JsonProperty public List<String> attacks = new ArrayList<>(ATTACKS);
    /** Words an attack may change. */
    @JsonProperty public int budgetWords = 2;
    /** Characters a character-level attack may change in a word. */
    @JsonProperty public int budgetCharacters = 1;
    /** Sentences the greedy word-importance search runs on (it costs one query per word and candidate). */
    @JsonProperty public int greedyItems = 300;
    /** Candidates tried per word by the greedy search. */
    @JsonProperty public int greedyCandidates = 5;
    /** Temperature of the attack queries (0: the answer does not depend on the draw, so a flip is the attack's). */
    @JsonProperty public double attackTemperature = 0.0;
    /** Queries in flight at once (chat systems; native systems in process answer one at a time). */
    @JsonProperty public int concurrency = 4;

    public LlmQaConfig() {}

    public static LlmQaConfig of(Preset preset) {
        return preset == Preset.QUICK ? quick() : defaults();
    }

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

    @Override
    public LlmQaConfig validate() {
        ConfigChecks.check(this);
        if (!List.of("auto", "held_out", "all").contains(sentences)) throw invalid("sentences", "auto, held_out or all, not '" + sentences + "'");
        if (items < 0) throw invalid("items", "a number >= 0 (0 = all)");
        if (stabilityItems < 0) throw invalid("stabilityItems", "a number >= 0");
        if (repeats < 2) throw invalid("repeats", "at least 2 (agreement needs two answers)");
        if (temperatures == null || temperatures.isEmpty()) throw invalid("temperatures", "at least one temperature");
        for (Double t : temperatures) if (t == null || !(t >= 0 && t <= 2)) throw invalid("temperatures", "values in [0, 2], not " + t);
        if (prompts == null || prompts.isEmpty()) throw invalid("prompts", "at least one prompt variant");
        for (String p : prompts) {
            try {
                LlmQaExperiment.template(p);
            } catch (IllegalArgumentException e) {
                throw invalid("prompts", e.getMessage());
            }
        }
        if (systemPrompts == null || systemPrompts.isEmpty()) throw invalid("systemPrompts", "at least one entry (\"\" is none)");
        if (histories == null || histories.isEmpty()) throw invalid("histories", "at least one of " + HISTORIES);
        for (String h : histories) if (!HISTORIES.contains(h)) throw invalid("histories", "entries of " + HISTORIES + ", not '" + h + "'");
        if (attacks == null) throw invalid("attacks", "a list of " + ATTACKS);
        for (String a : attacks) if (!ATTACKS.contains(a)) throw invalid("attacks", "entries of " + ATTACKS + ", not '" + a + "'");
        if (budgetWords < 1) throw invalid("budgetWords", "a number >= 1");
        if (budgetCharacters < 1) throw invalid("budgetCharacters", "a number >= 1");
        if (greedyItems < 0) throw invalid("greedyItems", "a number >= 0");
        if (greedyCandidates < 1) throw invalid("greedyCandidates", "a number >= 1");
        if (!(attackTemperature >= 0 && attackTemperature <= 2)) throw invalid("attackTemperature", "a value in [0, 2]");
        if (concurrency < 1 || concurrency > 256) throw invalid("concurrency", "1 to 256 queries in flight");
        return this;
    }
}
