package dev.mamori.methods.llmqa.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.data.Dataset;
import dev.mamori.data.TextExample;
import dev.mamori.eval.report.ExperimentReport;
import dev.mamori.eval.report.Table;
import dev.mamori.eval.report.WrittenReport;
import dev.mamori.methods.common.run.RunJournal;
import dev.mamori.methods.llmqa.ChatTurn;
import dev.mamori.methods.llmqa.PromptTemplate;
import dev.mamori.methods.llmqa.QuerySettings;
import dev.mamori.methods.llmqa.Sentiment;
import dev.mamori.methods.llmqa.SentimentAnswer;
import dev.mamori.methods.llmqa.SentimentSystem;
import dev.mamori.methods.llmqa.metrics.AttackOutcome;
import dev.mamori.methods.llmqa.metrics.Stability;
import dev.mamori.methods.llmqa.perturbations.Budget;
import dev.mamori.methods.llmqa.perturbations.GreedyWordImportance;
import dev.mamori.methods.llmqa.perturbations.Perturbed;
import dev.mamori.methods.llmqa.perturbations.RandomPlacement;
import dev.mamori.methods.llmqa.perturbations.WordPerturber;
import dev.mamori.methods.llmqa.systems.ChatSystem;
import dev.mamori.nn.util.Progress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The study of Ouyang et al. (2024) against one system:
 * <ol>
 *   <li>Stability: on {@code stabilityItems} sentences, {@code repeats} identical queries (no seed) at a baseline setting
 *   (the first temperature, the paper's prompt, no system prompt, no history) and at each other value of one factor at
 *   a time (temperatures, prompt variants, system prompts, history). Per setting: accuracy, all-repeats agreement,
 *   pairwise agreement, label entropy, Fleiss' kappa, invalid-answer rate; per factor: accuracy spread.</li>
 *   <li>Robustness: on {@code items} sentences the clean answer and, for each attack, the answer to the text perturbed
 *   at random places (the paper); on {@code greedyItems} of them the greedy word-importance search. Accuracy under
 *   attack, attack success rate on originally correct items, words changed, queries.</li>
 *   <li>Claims with verdicts, and the throughput of the system (requests per second, cache hits, retries).</li>
 * </ol>
 * Every finished query is recorded in the {@link RunJournal} of the run directory, so a killed run resumes where it
 * stopped; against a chat endpoint the response cache also answers any request sent before the kill.
 */
public final class LlmQaExperiment {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PRIOR_REVIEW = "The delivery was late but the product itself works fine.";

    private final LlmQaConfig cfg;
    private final SentimentSystem system;
    private final Map<String, Object> systemFacts;
    private final Dataset<TextExample> data;
    private final List<Sentiment> classes;
    private final Map<String, WordPerturber> perturbers;
    private final Path out;
    private final PrintStream log;
    private RunJournal journal;
    private long queryNanos;

    /** What a run produced. */
    public record Result(List<LlmQaClaim> claims, WrittenReport report, double seconds, int resumedTasks, Throughput throughput) {}

    /** Requests to a chat endpoint (zeros for in-process systems, where every query is answered directly). */
    public record Throughput(long answered, long sent, long cacheHits, long retries, double querySeconds) {
        public double requestsPerSecond() {
            return querySeconds > 0 ? answered / querySeconds : Double.NaN;
        }
    }

    private LlmQaExperiment(LlmQaConfig cfg, SentimentSystem system, Map<String, Object> systemFacts, Dataset<TextExample> data,
                            Map<String, WordPerturber> perturbers, Path out, PrintStream log) {
        this.cfg = cfg;
        this.system = system;
        this.systemFacts = systemFacts;
        this.data = data;
        this.classes = Sentiment.ofClasses(data.classes());
        this.perturbers = perturbers;
        this.out = out;
        this.log = log;
    }

    /**
     * Runs (or resumes) the study into {@code out}.
     *
     * @param forbidden strings that must not appear in the report (the API key, when there is one)
     */
    public static Result run(LlmQaConfig cfg, SentimentSystem system, Map<String, Object> systemFacts, Dataset<TextExample> data,
                             Map<String, WordPerturber> perturbers, Path out, List<String> forbidden, PrintStream log) throws IOException {
        cfg.validate();
        LlmQaExperiment e = new LlmQaExperiment(cfg, system, systemFacts, data, perturbers, out, log);
        return e.run(forbidden);
    }

    private Result run(List<String> forbidden) throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(out);
        String fingerprint = JSON.writeValueAsString(cfg) + "|" + system.name();
        try (RunJournal j = new RunJournal(out.resolve("journal.jsonl"), Integer.toHexString(fingerprint.hashCode()))) {
            this.journal = j;
            if (j.resumed() > 0) log.printf("llmqa: resuming, %d tasks already done (%s)%n", j.resumed(), j.file());
            List<Integer> items = order(data.size(), cfg.items);
            List<Integer> stabilityItems = items.subList(0, Math.min(cfg.stabilityItems, items.size()));
            List<Setting> settings = settings();
            StabilityResults stability = stability(settings, stabilityItems);
            Map<Integer, Sentiment> clean = clean(items);
            List<AttackOutcome> random = new ArrayList<>(), greedy = new ArrayList<>();
            Map<String, List<String>> examples = new LinkedHashMap<>();
            for (Map.Entry<String, WordPerturber> a : perturbers.entrySet()) random.add(randomAttack(a.getKey(), a.getValue(), items, clean, examples));
            List<Integer> greedyItems = items.subList(0, Math.min(cfg.greedyItems, items.size()));
            for (Map.Entry<String, WordPerturber> a : perturbers.entrySet()) greedy.add(greedyAttack(a.getKey(), a.getValue(), greedyItems, clean));
            Throughput tp = throughput();
            List<LlmQaClaim> claims = new ClaimsCheck(stability, random, greedy).all();
            double seconds = (System.nanoTime() - t0) / 1e9;
            WrittenReport report = report(stability, random, greedy, examples, claims, tp, items.size(), j.resumed(), seconds, forbidden);
            return new Result(claims, report, seconds, j.resumed(), tp);
        }
    }

    // ------------------------------------------------------------------ stability

    /** One setting of the grid: the factor it varies ("baseline" for the baseline) and its value. */
    record Setting(String factor, String value, QuerySettings query) {
        String id() {
            return factor + "=" + value;
        }
    }

    List<Setting> settings() {
        QuerySettings base = QuerySettings.builder().temperature(cfg.temperatures.get(0)).template(template(cfg.prompts.get(0)))
                .systemPrompt(systemPrompt(cfg.systemPrompts.get(0))).history(history(cfg.histories.get(0))).build();
        List<Setting> out = new ArrayList<>();
        out.add(new Setting("baseline", "t=" + cfg.temperatures.get(0) + ", " + cfg.prompts.get(0), base));
        for (double t : cfg.temperatures.subList(1, cfg.temperatures.size())) out.add(new Setting("temperature", Double.toString(t), base.toBuilder().temperature(t).build()));
        for (String p : cfg.prompts.subList(1, cfg.prompts.size())) out.add(new Setting("prompt", p, base.toBuilder().template(template(p)).build()));
        for (String s : cfg.systemPrompts.subList(1, cfg.systemPrompts.size())) out.add(new Setting("system_prompt", s.isEmpty() ? "none" : "expert", base.toBuilder().systemPrompt(systemPrompt(s)).build()));
        for (String h : cfg.histories.subList(1, cfg.histories.size())) out.add(new Setting("history", h, base.toBuilder().history(history(h)).build()));
        return out;
    }

    static PromptTemplate template(String name) {
        return PromptTemplate.VARIANTS.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown prompt '" + name + "'; known: " + PromptTemplate.VARIANTS.stream().map(PromptTemplate::name).toList()));
    }

    static String systemPrompt(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static List<ChatTurn> history(String h) {
        return h.equals("prior_review") ? List.of(ChatTurn.user(PromptTemplate.PAPER.render(PRIOR_REVIEW)), ChatTurn.assistant("NEUTRAL")) : List.of();
    }

    /** Per setting: answers[item][repeat]. */
    record StabilityResults(List<Setting> settings, Map<String, List<List<Sentiment>>> answers, Map<String, Double> accuracy, int items, int repeats) {}

    private StabilityResults stability(List<Setting> settings, List<Integer> items) {
        List<Task> tasks = new ArrayList<>();
        for (Setting s : settings) {
            for (int item : items) {
                for (int d = 0; d < cfg.repeats; d++) {
                    QuerySettings q = s.query().toBuilder().draw(d).build();
                    String text = data.get(item).text();
                    tasks.add(new Task("stab/" + s.id() + "/" + item + "/" + d, () -> answer(system.classify(text, q))));
                }
            }
        }
        runTasks("stability", tasks);
        Map<String, List<List<Sentiment>>> answers = new LinkedHashMap<>();
        Map<String, Double> accuracy = new LinkedHashMap<>();
        for (Setting s : settings) {
            List<List<Sentiment>> rows = new ArrayList<>();
            long correct = 0, all = 0;
            for (int item : items) {
                List<Sentiment> row = new ArrayList<>();
                for (int d = 0; d < cfg.repeats; d++) {
                    Sentiment a = label(journal.get("stab/" + s.id() + "/" + item + "/" + d).orElseThrow());
                    row.add(a);
                    if (a == truth(item)) correct++;
                    all++;
                }
                rows.add(row);
            }
            answers.put(s.id(), rows);
            accuracy.put(s.id(), all == 0 ? Double.NaN : (double) correct / all);
        }
        return new StabilityResults(settings, answers, accuracy, items.size(), cfg.repeats);
    }

    // ------------------------------------------------------------------ attacks

    private QuerySettings attackQuery() {
        return QuerySettings.builder().temperature(cfg.attackTemperature).seed(cfg.seed).build();
    }

    private Map<Integer, Sentiment> clean(List<Integer> items) {
        List<Task> tasks = new ArrayList<>();
        QuerySettings q = attackQuery();
        for (int item : items) tasks.add(new Task("clean/" + item, () -> answer(system.classify(data.get(item).text(), q))));
        runTasks("clean answers", tasks);
        Map<Integer, Sentiment> out = new LinkedHashMap<>();
        for (int item : items) out.put(item, label(journal.get("clean/" + item).orElseThrow()));
        return out;
    }

    private AttackOutcome randomAttack(String name, WordPerturber p, List<Integer> items, Map<Integer, Sentiment> clean, Map<String, List<String>> examples) {
        RandomPlacement placement = new RandomPlacement(p, budget());
        QuerySettings q = attackQuery();
        List<Task> tasks = new ArrayList<>();
        for (int item : items) {
            tasks.add(new Task("random/" + name + "/" + item, () -> {
                Perturbed pt = placement.apply(data.get(item).text(), cfg.seed + item);
                ObjectNode r = pt.changed() ? answer(system.classify(pt.text(), q)) : JSON.createObjectNode().put("label", clean.get(item).name()).put("raw", "");
                return r.put("words", pt.wordsChanged()).put("queries", pt.changed() ? 1 : 0).put("text", pt.text());
            }));
        }
        runTasks("attack " + name + " (random)", tasks);
        List<AttackOutcome.Item> rows = new ArrayList<>();
        List<String> ex = new ArrayList<>();
        for (int item : items) {
            JsonNode r = journal.get("random/" + name + "/" + item).orElseThrow();
            rows.add(new AttackOutcome.Item(truth(item), clean.get(item), label(r), r.get("words").asInt(), r.get("queries").asInt()));
            if (ex.size() < 3 && r.get("words").asInt() > 0) ex.add(data.get(item).text() + " -> " + r.get("text").asText() + " [" + label(r) + "]");
        }
        examples.put(name, ex);
        return AttackOutcome.of(name + "/random", rows);
    }

    private AttackOutcome greedyAttack(String name, WordPerturber p, List<Integer> items, Map<Integer, Sentiment> clean) {
        GreedyWordImportance g = new GreedyWordImportance(p, budget(), cfg.greedyCandidates);
        QuerySettings q = attackQuery();
        List<Task> tasks = new ArrayList<>();
        for (int item : items) {
            tasks.add(new Task("greedy/" + name + "/" + item, () -> {
                Perturbed pt = g.attack(data.get(item).text(), truth(item), system, q, cfg.seed + item);
                ObjectNode r = pt.changed() ? answer(system.classify(pt.text(), q)) : JSON.createObjectNode().put("label", clean.get(item).name()).put("raw", "");
                return r.put("words", pt.wordsChanged()).put("queries", pt.queries() + (pt.changed() ? 1 : 0)).put("text", pt.text());
            }));
        }
        runTasks("attack " + name + " (greedy)", tasks);
        List<AttackOutcome.Item> rows = new ArrayList<>();
        for (int item : items) {
            JsonNode r = journal.get("greedy/" + name + "/" + item).orElseThrow();
            rows.add(new AttackOutcome.Item(truth(item), clean.get(item), label(r), r.get("words").asInt(), r.get("queries").asInt()));
        }
        return AttackOutcome.of(name + "/greedy", rows);
    }

    private Budget budget() {
        return new Budget(cfg.budgetWords, cfg.budgetCharacters);
    }

    // ------------------------------------------------------------------ execution

    record Task(String id, Supplier<ObjectNode> work) {}

    /** Runs the tasks not yet in the journal, {@code concurrency} at a time, with progress and ETA. */
    private void runTasks(String phase, List<Task> tasks) {
        List<Task> todo = tasks.stream().filter(t -> journal.get(t.id()).isEmpty()).toList();
        if (todo.isEmpty()) return;
        int threads = system instanceof ChatSystem ? cfg.concurrency : 1;
        long t0 = System.nanoTime();
        try (Progress progress = Progress.start("llmqa " + phase, todo.size())) {
            if (tasks.size() > todo.size()) progress.set("resumed", Integer.toString(tasks.size() - todo.size()));
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread th = new Thread(r, "llmqa-query");
                th.setDaemon(true);
                return th;
            });
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (Task t : todo) {
                    futures.add(pool.submit(() -> {
                        journal.record(t.id(), t.work().get());
                        synchronized (progress) {
                            progress.step();
                        }
                    }));
                }
                for (Future<?> f : futures) f.get();
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException re) throw re;
                throw new IllegalStateException(c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                pool.shutdownNow();
            }
        }
        queryNanos += System.nanoTime() - t0;
    }

    private static ObjectNode answer(SentimentAnswer a) {
        String raw = a.raw().length() > 200 ? a.raw().substring(0, 200) : a.raw();
        return JSON.createObjectNode().put("label", a.label().name()).put("raw", raw).put("cached", a.cached());
    }

    private static Sentiment label(JsonNode n) {
        return Sentiment.valueOf(n.get("label").asText());
    }

    private Sentiment truth(int item) {
        return classes.get(data.get(item).label());
    }

    /** The first {@code n} indices of a seeded permutation (all when n is 0). */
    private List<Integer> order(int size, int n) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < size; i++) idx.add(i);
        Collections.shuffle(idx, new Random(cfg.seed));
        return n == 0 || n >= size ? idx : idx.subList(0, n);
    }

    private Throughput throughput() {
        if (system instanceof ChatSystem c) {
            long hits = c.cache().map(x -> x.hits()).orElse(0L);
            return new Throughput(c.answered(), c.requestsSent(), hits, c.retries(), queryNanos / 1e9);
        }
        return new Throughput(0, 0, 0, 0, queryNanos / 1e9);
    }

    // ------------------------------------------------------------------ report

    private WrittenReport report(StabilityResults st, List<AttackOutcome> random, List<AttackOutcome> greedy, Map<String, List<String>> examples,
                                 List<LlmQaClaim> claims, Throughput tp, int items, int resumed, double seconds, List<String> forbidden) throws IOException {
        ExperimentReport r = ExperimentReport.named("llmqa").seed(cfg.seed);
        for (String f : forbidden) if (f != null && f.length() >= 4) r.forbid("API key", f);
        r.config("system", system.name());
        r.config(JSON.convertValue(cfg, Map.class));
        r.timing("study", Duration.ofMillis((long) (seconds * 1000)));
        r.section("System under test").paragraph("System: " + system.name() + (system.stochastic() ? " (stochastic)" : " (deterministic)") + ". Data: "
                + data.size() + " labelled sentences (UCI: amazon, imdb, yelp), " + items + " attacked at random placement, " + Math.min(cfg.greedyItems, items)
                + " by the greedy search, " + st.items() + " in the stability grid. Budget: " + cfg.budgetWords + " words, " + cfg.budgetCharacters
                + " character(s) per word for typo and homoglyph. Attack queries at temperature " + cfg.attackTemperature + ".");
        if (!systemFacts.isEmpty()) {
            Table facts = Table.of("What is known of the system", "fact", "value");
            systemFacts.forEach((k, v) -> facts.row(k, v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : String.valueOf(v)));
            r.table(facts);
            if (Boolean.TRUE.equals(systemFacts.get("trained on the study's sentences"))) {
                r.paragraph("This native model was trained on 80% of these sentences: its clean accuracy on the study's items is optimistic; the held-out"
                        + " accuracy above is the fair number.");
            }
        }
        r.section("Stability (operational factors)");
        Table t = Table.of("Per setting, " + st.items() + " sentences x " + st.repeats() + " identical queries", "factor", "value", "accuracy", "all repeats agree",
                "pairwise agreement", "label entropy (bits)", "Fleiss' kappa", "invalid answers");
        for (Setting s : st.settings()) {
            List<List<Sentiment>> a = st.answers().get(s.id());
            List<Sentiment> flat = a.stream().flatMap(List::stream).toList();
            t.row(s.factor(), s.value(), pct(st.accuracy().get(s.id())), pct(Stability.allAgree(a)), num(Stability.pairwiseAgreement(a)),
                    num(Stability.meanLabelEntropy(a)), num(Stability.fleissKappa(a)), pct(Stability.invalidRate(flat)));
            r.metric("stability." + s.id() + ".accuracy", st.accuracy().get(s.id()));
            r.metric("stability." + s.id() + ".all_agree", Stability.allAgree(a));
            r.metric("stability." + s.id() + ".fleiss_kappa", Stability.fleissKappa(a));
            r.metric("stability." + s.id() + ".invalid_rate", Stability.invalidRate(flat));
        }
        r.table(t);
        Table sp = Table.of("Accuracy spread per factor (largest minus smallest accuracy over the baseline and the factor's values)", "factor", "spread (points)");
        for (Map.Entry<String, Double> e : ClaimsCheck.spreads(st).entrySet()) {
            sp.row(e.getKey(), String.format(Locale.ROOT, "%.1f", 100 * e.getValue()));
            r.metric("spread." + e.getKey(), e.getValue());
        }
        r.table(sp);
        r.section("Robustness (small text attacks)");
        Table at = Table.of("Attacks (budget " + cfg.budgetWords + " words)", "attack", "items", "clean accuracy", "accuracy under attack", "95% interval",
                "attack success rate", "words changed", "queries per item");
        for (AttackOutcome o : concat(random, greedy)) {
            var ci = o.attackedAccuracyInterval();
            at.row(o.attack(), o.items(), pct(o.cleanAccuracy()), pct(o.attackedAccuracy()), String.format(Locale.ROOT, "[%.1f%%, %.1f%%]", 100 * ci.lower(), 100 * ci.upper()),
                    pct(o.successRate()), num(o.meanWordsChanged()), num(o.meanQueries()));
            r.metric("attack." + o.attack() + ".accuracy", o.attackedAccuracy());
            r.metric("attack." + o.attack() + ".success_rate", o.successRate());
        }
        r.table(at);
        for (Map.Entry<String, List<String>> e : examples.entrySet()) {
            if (!e.getValue().isEmpty()) r.paragraph("Examples of " + e.getKey() + " (random placement): " + String.join(" | ", e.getValue()));
        }
        r.section("Throughput");
        if (system instanceof ChatSystem) {
            r.paragraph(String.format(Locale.ROOT, "%d answers from the endpoint (%d HTTP requests, %d retries) in %.1f s of query phases: %.2f requests per second"
                            + " at concurrency %d. Response cache hits: %d. Tasks resumed from the journal: %d.", tp.answered(), tp.sent(), tp.retries(),
                    tp.querySeconds(), tp.requestsPerSecond(), cfg.concurrency, tp.cacheHits(), resumed));
            r.metric("requests_per_second", tp.requestsPerSecond());
            r.metric("cache_hits", tp.cacheHits());
            r.metric("requests_sent", tp.sent());
        } else {
            r.paragraph(String.format(Locale.ROOT, "In-process system: query phases took %.1f s. Tasks resumed from the journal: %d.", tp.querySeconds(), resumed));
        }
        r.metric("resumed_tasks", resumed);
        r.section("Claims");
        for (int i = 0; i < claims.size(); i++) {
            LlmQaClaim c = claims.get(i);
            r.paragraph("Claim " + (i + 1) + ": " + c.statement() + " Verdict: **" + c.verdict() + "**. Rule: " + c.rule() + ". Evidence: " + c.evidence());
            r.metric("claim." + (i + 1), c.verdict());
        }
        return r.writeTo(out);
    }

    private static List<AttackOutcome> concat(List<AttackOutcome> a, List<AttackOutcome> b) {
        List<AttackOutcome> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    static String num(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }
}
