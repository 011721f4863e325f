package dev.mamori.methods.llmqa.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.data.Dataset;
import dev.mamori.data.TextExample;
import dev.mamori.eval.report.ExperimentReport;
import dev.mamori.eval.report.Table;
import dev.mamori.eval.report.WrittenReport;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.common.run.RunJournal;
import dev.mamori.eval.metrics.Interval;
import dev.mamori.eval.metrics.WilsonInterval;
import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.ClaimsSection;
import dev.mamori.methods.llmqa.nativemodels.TrainingSplit;
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
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The study of Ouyang et al. (2024) against one system:
 * <ol>
 *   <li>Sentences ({@link StudySentences}): when the system's training split is known, only the sentences it did not
 *   train on (a native system) or all of them with the held-out ones reported as the headline and the trained-on ones
 *   apart (an endpoint serving a native model); otherwise all. The report says which, and {@code sentences.json} lists
 *   them.</li>
 *   <li>Stability: on the first {@code stabilityItems} studied sentences, {@code repeats} identical queries (no seed)
 *   at a baseline setting (the first temperature, the paper's prompt, no system prompt, no history) and at each other
 *   value of one factor at a time (temperatures, prompt variants, system prompts, history). Per setting: accuracy,
 *   all-repeats agreement, pairwise agreement, label entropy, Fleiss' kappa, invalid-answer rate; per factor: accuracy
 *   spread.</li>
 *   <li>Robustness: on the studied sentences the clean answer and, for each attack, the answer to the text perturbed
 *   at random places (the paper); on the first {@code greedyItems} the greedy word-importance search. Accuracy under
 *   attack, attack success rate on originally correct items, words changed, queries.</li>
 *   <li>Claims with verdicts ({@link Claim}), and the throughput of the system (requests per second per phase, cache
 *   hits, retries).</li>
 * </ol>
 * Every finished query is recorded in the {@link RunJournal} of the run directory, so a killed run resumes where it
 * stopped; against a chat endpoint the response cache also answers any request sent before the kill.
 *
 * <pre>{@code
 * LlmQaExperiment.Result r = LlmQaExperiment.builder(cfg, system, sentences)
 *         .facts(facts).trainingSplit(split).perturbers(perturbers).out(dir).forbid(apiKey).log(System.err).run();
 * }</pre>
 */
public final class LlmQaExperiment {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The journal entry, in a run directory's journal, of the study's system and sentences. */
    private static final String STUDY = "#study";
    static final String PRIOR_REVIEW = "The delivery was late but the product itself works fine.";

    private final LlmQaConfig cfg;
    private final SentimentSystem system;
    private final Map<String, Object> systemFacts;
    private final Dataset<TextExample> data;
    private final List<Sentiment> classes;
    private final Map<String, WordPerturber> perturbers;
    private final TrainingSplit split;
    private final Path out;
    private final RunDirectory runDirectory;
    private final PrintStream log;
    private final List<Phase> phases = new ArrayList<>();
    private RunJournal journal;
    private StudySentences sentences;
    private long queryNanos;

    /** What a run produced. */
    public record Result(List<Claim> claims, WrittenReport report, double seconds, int resumedTasks, Throughput throughput) {}

    /** Requests to a chat endpoint (zeros for in-process systems, where every query is answered directly). */
    public record Throughput(long answered, long sent, long cacheHits, long retries, double querySeconds) {
        public double requestsPerSecond() {
            return querySeconds > 0 ? answered / querySeconds : Double.NaN;
        }
    }

    /**
     * One query phase as one run ran it: tasks run (not resumed), endpoint answers and cache hits during it, seconds.
     * Every run appends its phases to {@code <out>/phases.jsonl}, so the report of a resumed study shows what each run
     * did, the runs before a kill included.
     */
    record Phase(String run, String name, int tasks, int resumed, long answered, long sent, long cacheHits, double seconds) {
        double requestsPerSecond() {
            return seconds > 0 ? answered / seconds : Double.NaN;
        }
    }

    private final String runId = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();

    private void recordPhase(Phase p) {
        phases.add(p);
        if (p.tasks() == 0) return;
        try {
            Files.writeString(out.resolve("phases.jsonl"), JSON.writeValueAsString(p) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot append to " + out.resolve("phases.jsonl"), e);
        }
    }

    /** The phases of every run of this study that ran tasks (earlier runs from phases.jsonl), in order. */
    private List<Phase> allRuns() throws IOException {
        Path f = out.resolve("phases.jsonl");
        List<Phase> all = new ArrayList<>();
        if (!Files.exists(f)) return all;
        for (String line : Files.readAllLines(f)) {
            if (line.isBlank()) continue;
            try {
                all.add(JSON.readValue(line, Phase.class));
            } catch (IOException e) {
                // a line a kill cut short: that phase's numbers are lost, the others stand
            }
        }
        return all;
    }

    private LlmQaExperiment(Builder b) {
        this.cfg = b.cfg;
        this.system = b.system;
        this.systemFacts = b.facts;
        this.data = b.data;
        this.classes = Sentiment.ofClasses(data.classes());
        this.perturbers = b.perturbers;
        this.split = b.split;
        this.out = b.out;
        this.runDirectory = b.runDirectory;
        this.log = b.log;
    }

    /** A study of {@code system} over {@code data} (the labelled sentences) with {@code cfg}. */
    public static Builder builder(LlmQaConfig cfg, SentimentSystem system, Dataset<TextExample> data) {
        return new Builder(cfg, system, data);
    }

    /** The options of a run. */
    public static final class Builder {
        private final LlmQaConfig cfg;
        private final SentimentSystem system;
        private final Dataset<TextExample> data;
        private Map<String, Object> facts = Map.of();
        private Map<String, WordPerturber> perturbers = Map.of();
        private TrainingSplit split;
        private Path out;
        private RunDirectory runDirectory;
        private final List<String> forbidden = new ArrayList<>();
        private PrintStream log = System.err;

        private Builder(LlmQaConfig cfg, SentimentSystem system, Dataset<TextExample> data) {
            this.cfg = cfg;
            this.system = system;
            this.data = data;
        }

        /** What is known of the system (shown in the report). */
        public Builder facts(Map<String, Object> f) { this.facts = new LinkedHashMap<>(f); return this; }
        /** The attacks by name. */
        public Builder perturbers(Map<String, WordPerturber> p) { this.perturbers = new LinkedHashMap<>(p); return this; }
        /** Which sentences the system (or the model an endpoint serves) trained on; null when unknown. */
        public Builder trainingSplit(TrainingSplit s) { this.split = s; return this; }
        /** The run directory (journal, cache, report), its own journal in {@code journal.jsonl}; rerun with the same one to resume. */
        public Builder out(Path dir) { this.out = dir; this.runDirectory = null; return this; }
        /**
         * An open run directory (the CLI's, new or resumed): the queries are recorded in its journal, beside the
         * study's own fingerprint (system and sentences), which a resumed run must match.
         */
        public Builder in(RunDirectory run) { this.out = run.dir(); this.runDirectory = run; return this; }
        /** A string that must not appear in the report (the API key); ignored when null or shorter than 4. */
        public Builder forbid(String secret) { if (secret != null && secret.length() >= 4) forbidden.add(secret); return this; }
        public Builder log(PrintStream l) { this.log = l; return this; }

        /** Runs (or resumes) the study. */
        public Result run() throws IOException {
            cfg.validate();
            if (out == null) throw new IllegalStateException("no run directory: call out(dir)");
            if (split != null && !split.matches(data)) {
                throw new IllegalArgumentException("the training split of model '" + split.model() + "' was made of another dataset (" + split.dataSize()
                        + " sentences, SHA-256 " + split.dataSha256().substring(0, 12) + "...) than the " + data.size() + " sentences read now");
            }
            return new LlmQaExperiment(this).run(forbidden);
        }
    }

    private Result run(List<String> forbidden) throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(out);
        sentences = StudySentences.choose(cfg, data.size(), split, !(system instanceof ChatSystem));
        try (RunJournal own = runDirectory == null ? new RunJournal(out.resolve("journal.jsonl"), fingerprint()) : null) {
            RunJournal j = own != null ? own : runDirectory.journal();
            this.journal = j;
            int resumed = j.resumed() - (own == null ? checkStudy(j) : 0);
            if (resumed > 0) log.printf("llmqa: resuming, %d tasks already done (%s)%n", resumed, j.file());
            List<Integer> items = sentences.order();
            List<Integer> stabilityItems = sentences.first(cfg.stabilityItems);
            List<Integer> greedyItems = sentences.first(cfg.greedyItems);
            writeSentences(items, stabilityItems, greedyItems);
            List<Setting> settings = settings();
            StabilityResults stability = stability(settings, stabilityItems);
            Map<Integer, Sentiment> clean = clean(items);
            Map<String, Map<Integer, AttackOutcome.Item>> random = new LinkedHashMap<>(), greedy = new LinkedHashMap<>();
            Map<String, List<String>> examples = new LinkedHashMap<>();
            for (Map.Entry<String, WordPerturber> a : perturbers.entrySet()) random.put(a.getKey(), randomAttack(a.getKey(), a.getValue(), items, clean, examples));
            for (Map.Entry<String, WordPerturber> a : perturbers.entrySet()) greedy.put(a.getKey(), greedyAttack(a.getKey(), a.getValue(), greedyItems, clean));
            Throughput tp = throughput();
            String headline = sentences.headline();
            List<Integer> headlineItems = sentences.groups(items).getOrDefault(headline, List.of());
            List<AttackOutcome> randomHeadline = outcomes(random, "random", headlineItems);
            List<AttackOutcome> greedyAll = outcomes(greedy, "greedy", greedyItems);
            Map<String, List<AttackOutcome.Item>> pairedHeadline = new LinkedHashMap<>();
            random.forEach((name, rows) -> pairedHeadline.put(name, headlineItems.stream().map(rows::get).toList()));
            List<Claim> claims = new ClaimsCheck(stability, randomHeadline, greedyAll, pairedHeadline, headline, cfg.seed).all();
            double seconds = (System.nanoTime() - t0) / 1e9;
            WrittenReport report = report(stability, random, greedy, clean, examples, claims, tp, items, greedyItems, resumed, seconds, forbidden);
            return new Result(claims, report, seconds, resumed, tp);
        }
    }

    /**
     * In a run directory's journal (which belongs to the config), the study's own fingerprint: recorded by the first
     * run, and a resumed run must study the same system on the same sentences.
     *
     * @return 1 when it was recorded before (it is then one of the journal's resumed tasks), else 0
     */
    private int checkStudy(RunJournal j) {
        String f = fingerprint();
        Optional<JsonNode> recorded = j.get(STUDY);
        if (recorded.isEmpty()) {
            j.record(STUDY, JSON.createObjectNode().put("fingerprint", f));
            return 0;
        }
        if (!recorded.get().path("fingerprint").asText().equals(f)) {
            throw new IllegalArgumentException("run directory " + out + " holds a study of another system or other sentences; resume it with the"
                    + " --system options it was started with, or start a new run with another --out");
        }
        return 1;
    }

    /** What the journal belongs to: the config (not the concurrency, which changes no answer), the system, the sentences. */
    private String fingerprint() {
        ObjectNode c = JSON.valueToTree(cfg);
        c.remove("concurrency");
        String f = c + "|" + system.name() + "|" + sentences.policy() + "|" + sentences.order().hashCode();
        return Integer.toHexString(f.hashCode());
    }

    /** sentences.json: which sentences were studied, in study order, and which of them the system trained on. */
    private void writeSentences(List<Integer> items, List<Integer> stabilityItems, List<Integer> greedyItems) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("dataset", "sentiment (UCI labelled sentences: amazon 0-999, imdb 1000-1999, yelp 2000-2999)").put("policy", sentences.policy());
        if (split != null) {
            root.putObject("training_split").put("model", split.model()).put("held_out", split.heldOut().length).put("data_sha256", split.dataSha256());
        } else {
            root.putNull("training_split");
        }
        for (Map.Entry<String, List<Integer>> g : sentences.groups(items).entrySet()) {
            root.putArray(g.getKey().replace(" (optimistic)", "").replace(' ', '_')).addAll(g.getValue().stream().map(JSON.getNodeFactory()::numberNode).toList());
        }
        root.putArray("stability").addAll(stabilityItems.stream().map(JSON.getNodeFactory()::numberNode).toList());
        root.putArray("greedy").addAll(greedyItems.stream().map(JSON.getNodeFactory()::numberNode).toList());
        Files.writeString(out.resolve("sentences.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
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

    private Map<Integer, AttackOutcome.Item> randomAttack(String name, WordPerturber p, List<Integer> items, Map<Integer, Sentiment> clean,
                                                          Map<String, List<String>> examples) {
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
        Map<Integer, AttackOutcome.Item> rows = new LinkedHashMap<>();
        List<String> ex = new ArrayList<>();
        for (int item : items) {
            JsonNode r = journal.get("random/" + name + "/" + item).orElseThrow();
            rows.put(item, new AttackOutcome.Item(truth(item), clean.get(item), label(r), r.get("words").asInt(), r.get("queries").asInt()));
            if (ex.size() < 3 && r.get("words").asInt() > 0) ex.add(data.get(item).text() + " -> " + r.get("text").asText() + " [" + label(r) + "]");
        }
        examples.put(name, ex);
        return rows;
    }

    private Map<Integer, AttackOutcome.Item> greedyAttack(String name, WordPerturber p, List<Integer> items, Map<Integer, Sentiment> clean) {
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
        Map<Integer, AttackOutcome.Item> rows = new LinkedHashMap<>();
        for (int item : items) {
            JsonNode r = journal.get("greedy/" + name + "/" + item).orElseThrow();
            rows.put(item, new AttackOutcome.Item(truth(item), clean.get(item), label(r), r.get("words").asInt(), r.get("queries").asInt()));
        }
        return rows;
    }

    /** Per attack, its outcome over {@code items} ("synonym/random"). */
    private static List<AttackOutcome> outcomes(Map<String, Map<Integer, AttackOutcome.Item>> byAttack, String placement, List<Integer> items) {
        List<AttackOutcome> out = new ArrayList<>();
        byAttack.forEach((name, rows) -> out.add(AttackOutcome.of(name + "/" + placement, items.stream().map(rows::get).toList())));
        return out;
    }

    private Budget budget() {
        return new Budget(cfg.budgetWords, cfg.budgetCharacters);
    }

    // ------------------------------------------------------------------ execution

    record Task(String id, Supplier<ObjectNode> work) {}

    /** Runs the tasks not yet in the journal, {@code concurrency} at a time, with progress and ETA. */
    private void runTasks(String phase, List<Task> tasks) {
        List<Task> todo = tasks.stream().filter(t -> journal.get(t.id()).isEmpty()).toList();
        if (todo.isEmpty()) {
            recordPhase(new Phase(runId, phase, 0, tasks.size(), 0, 0, 0, 0));
            return;
        }
        int threads = cfg.concurrency; // every system here is safe to call from several threads; native ones batch them
        long t0 = System.nanoTime();
        Throughput before = throughput();
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
        long nanos = System.nanoTime() - t0;
        queryNanos += nanos;
        Throughput after = throughput();
        recordPhase(new Phase(runId, phase, todo.size(), tasks.size() - todo.size(), after.answered() - before.answered(), after.sent() - before.sent(),
                after.cacheHits() - before.cacheHits(), nanos / 1e9));
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

    private Throughput throughput() {
        if (system instanceof ChatSystem c) {
            long hits = c.cache().map(x -> x.hits()).orElse(0L);
            return new Throughput(c.answered(), c.requestsSent(), hits, c.retries(), queryNanos / 1e9);
        }
        return new Throughput(0, 0, 0, 0, queryNanos / 1e9);
    }

    // ------------------------------------------------------------------ report

    private WrittenReport report(StabilityResults st, Map<String, Map<Integer, AttackOutcome.Item>> random, Map<String, Map<Integer, AttackOutcome.Item>> greedy,
                                 Map<Integer, Sentiment> clean, Map<String, List<String>> examples, List<Claim> claims, Throughput tp, List<Integer> items,
                                 List<Integer> greedyItems, int resumed, double seconds, List<String> forbidden) throws IOException {
        ExperimentReport r = ExperimentReport.named("llmqa").seed(cfg.seed);
        for (String f : forbidden) r.forbid("API key", f);
        r.config("system", system.name());
        r.config(JSON.convertValue(cfg, Map.class));
        r.timing("study", Duration.ofMillis((long) (seconds * 1000)));
        r.section("System under test").paragraph("System: " + system.name() + (system.stochastic() ? " (stochastic)" : " (deterministic)")
                + ". Budget: " + cfg.budgetWords + " words, " + cfg.budgetCharacters + " character(s) per word for typo and homoglyph. Attack queries at"
                + " temperature " + cfg.attackTemperature + " with seed " + cfg.seed + ".");
        if (!systemFacts.isEmpty()) {
            Table facts = Table.of("What is known of the system", "fact", "value");
            systemFacts.forEach((k, v) -> facts.row(k, v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : String.valueOf(v)));
            r.table(facts);
        }

        Map<String, List<Integer>> groups = sentences.groups(items);
        String headline = sentences.headline();
        r.section("Sentences studied").paragraph(sentencesParagraph(items, st.items(), greedyItems));
        Table ct = Table.of("Clean accuracy (attack settings: temperature " + cfg.attackTemperature + ", seed " + cfg.seed + ")", "sentences", "count",
                "clean accuracy", "95% interval", "invalid answers");
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            int n = g.getValue().size();
            long correct = g.getValue().stream().filter(i -> clean.get(i) == truth(i)).count();
            var ci = WilsonInterval.of(correct, n, 0.95);
            ct.row(g.getKey(), n, pct(n == 0 ? Double.NaN : (double) correct / n), interval(ci),
                    pct(Stability.invalidRate(g.getValue().stream().map(clean::get).toList())));
            r.metric("clean." + key(g.getKey()) + ".accuracy", n == 0 ? Double.NaN : (double) correct / n);
            r.metric("clean." + key(g.getKey()) + ".items", n);
        }
        r.table(ct);

        r.section("Stability (operational factors)");
        r.paragraph(st.items() + " sentences (" + describe(sentences.first(cfg.stabilityItems)) + "), " + st.repeats() + " identical queries each (no seed),"
                + " per setting; one factor varied at a time from the baseline.");
        Table t = Table.of("Per setting, " + st.items() + " sentences x " + st.repeats() + " identical queries", "factor", "value", "accuracy", "all repeats agree",
                "pairwise agreement", "label entropy (bits)", "Fleiss' kappa", "invalid answers");
        for (Setting s : st.settings()) {
            List<List<Sentiment>> a = st.answers().get(s.id());
            List<Sentiment> flat = a.stream().flatMap(List::stream).toList();
            t.row(s.factor(), s.value(), pct(st.accuracy().get(s.id())), pct(Stability.allAgree(a)), num(Stability.pairwiseAgreement(a)),
                    num(Stability.meanLabelEntropy(a)), num(Stability.fleissKappa(a)), pct(Stability.invalidRate(flat)));
            r.metric("stability." + s.id() + ".accuracy", st.accuracy().get(s.id()));
            r.metric("stability." + s.id() + ".all_agree", Stability.allAgree(a));
            r.metric("stability." + s.id() + ".pairwise_agreement", Stability.pairwiseAgreement(a));
            r.metric("stability." + s.id() + ".label_entropy", Stability.meanLabelEntropy(a));
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
        r.table(attackTable("Attacks on " + StudySentences.phrase(headline) + " (budget " + cfg.budgetWords + " words; random placement on " + groups.getOrDefault(headline, List.of()).size()
                + ", greedy search on " + greedyItems.size() + ": " + describe(greedyItems) + ")", concat(outcomes(random, "random", groups.getOrDefault(headline, List.of())),
                outcomes(greedy, "greedy", greedyItems)), r, "attack."));
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            if (g.getKey().equals(headline)) continue;
            r.paragraph("The same random-placement attacks on the " + g.getValue().size() + " sentences the model trained on: numbers that flatter it,"
                    + " shown apart from the headline above.");
            r.table(attackTable("Attacks on " + StudySentences.phrase(g.getKey()) + " (budget " + cfg.budgetWords + " words)", outcomes(random, "random", g.getValue()), r,
                    "attack." + key(g.getKey()) + "."));
        }
        for (Map.Entry<String, List<String>> e : examples.entrySet()) {
            if (!e.getValue().isEmpty()) r.paragraph("Examples of " + e.getKey() + " (random placement): " + String.join(" | ", e.getValue()));
        }

        r.section("Throughput");
        List<Phase> runs = allRuns();
        Table ph = Table.of("Query phases that ran tasks, run by run (a resumed run skips the tasks in the journal; the cache answers requests"
                + " sent before a kill)", "run started (UTC)", "phase", "tasks run", "tasks resumed", "endpoint answers", "cache hits", "seconds", "requests per second");
        for (Phase p : runs) {
            ph.row(p.run(), p.name(), p.tasks(), p.resumed(), p.answered(), p.cacheHits(), String.format(Locale.ROOT, "%.1f", p.seconds()),
                    system instanceof ChatSystem ? String.format(Locale.ROOT, "%.1f", p.requestsPerSecond()) : "in process");
        }
        r.table(ph);
        long answered = runs.stream().mapToLong(Phase::answered).sum(), hits = runs.stream().mapToLong(Phase::cacheHits).sum();
        double querySeconds = runs.stream().mapToDouble(Phase::seconds).sum();
        long runCount = runs.stream().map(Phase::run).distinct().count();
        if (system instanceof ChatSystem) {
            double rps = querySeconds > 0 ? answered / querySeconds : Double.NaN;
            r.paragraph(String.format(Locale.ROOT, "Over the %d run(s) of this study: %d answers from the endpoint in %.1f s of query phases, %.2f requests per"
                    + " second at concurrency %d; %d requests answered from the response cache (<out>/cache) instead of being sent. This run: %d answers"
                    + " (%d HTTP requests, %d retries), %d cache hits, %d tasks resumed from the journal.", runCount, answered, querySeconds, rps, cfg.concurrency,
                    hits, tp.answered(), tp.sent(), tp.retries(), tp.cacheHits(), resumed));
            r.metric("requests_per_second", rps);
            r.metric("answers_from_endpoint", answered);
            r.metric("cache_hits", hits);
            r.metric("query_seconds", querySeconds);
            r.metric("this_run.requests_sent", tp.sent());
            r.metric("this_run.cache_hits", tp.cacheHits());
        } else {
            r.paragraph(String.format(Locale.ROOT, "In-process system, %d queries at a time: query phases took %.1f s over %d run(s). Tasks resumed from the"
                    + " journal in this run: %d.", cfg.concurrency, querySeconds, runCount, resumed));
            r.metric("query_seconds", querySeconds);
        }
        r.metric("resumed_tasks", resumed);

        ClaimsSection.add(r, claims);
        for (int i = 0; i < claims.size(); i++) r.metric("claim." + (i + 1), claims.get(i).verdict().label());
        return r.writeTo(out);
    }

    private Table attackTable(String title, List<AttackOutcome> outcomes, ExperimentReport r, String metricPrefix) {
        Table at = Table.of(title, "attack", "items", "clean accuracy", "accuracy under attack", "95% interval", "attack success rate", "words changed",
                "queries per item");
        for (AttackOutcome o : outcomes) {
            at.row(o.attack(), o.items(), pct(o.cleanAccuracy()), pct(o.attackedAccuracy()), interval(o.attackedAccuracyInterval()), pct(o.successRate()),
                    num(o.meanWordsChanged()), num(o.meanQueries()));
            r.metric(metricPrefix + o.attack() + ".accuracy", o.attackedAccuracy());
            r.metric(metricPrefix + o.attack() + ".clean_accuracy", o.cleanAccuracy());
            r.metric(metricPrefix + o.attack() + ".success_rate", o.successRate());
            r.metric(metricPrefix + o.attack() + ".words_changed", o.meanWordsChanged());
            r.metric(metricPrefix + o.attack() + ".queries", o.meanQueries());
        }
        return at;
    }

    private String sentencesParagraph(List<Integer> items, int stabilityItems, List<Integer> greedyItems) {
        StringBuilder sb = new StringBuilder();
        sb.append(items.size()).append(" of the ").append(data.size()).append(" labelled sentences (UCI: amazon, imdb, yelp; 1,000 each) were studied");
        if (split == null) {
            sb.append(system instanceof ChatSystem ? ", all of them: the sentences the endpoint's model saw in training are not known here (name the native"
                    + " model it serves with --trained-on to separate them)." : ", all of them: this system learned nothing from these sentences.");
        } else if (sentences.policy().equals("held_out")) {
            sb.append(": only the ").append(split.heldOut().length).append(" that model '").append(split.model())
                    .append("' did not train on (its seeded 20% held-out split); the other ").append(split.dataSize() - split.heldOut().length)
                    .append(" were its training data and are left out, since accuracy on them is optimistic.");
        } else {
            sb.append(": all of them, but model '").append(split.model()).append("' trained on ").append(split.dataSize() - split.heldOut().length)
                    .append(" of them. The held-out ").append(split.heldOut().length)
                    .append(" are the headline; numbers on the trained-on sentences are shown apart and are optimistic.");
        }
        sb.append(" The stability grid ran on ").append(stabilityItems).append(" (").append(describe(sentences.first(stabilityItems))).append("), the greedy search on ")
                .append(greedyItems.size()).append(" (").append(describe(greedyItems)).append("). Which sentences: sentences.json (indices into the dataset, study order).");
        return sb.toString();
    }

    /** "all held out", "120 held out, 80 trained on", or "not known to the study" for a list of sentences. */
    private String describe(List<Integer> some) {
        if (split == null) return system instanceof ChatSystem ? "whether the endpoint trained on them is not known" : "none of them trained on";
        int held = sentences.heldOutCount(some);
        if (held == some.size()) return "all held out";
        return held + " held out, " + (some.size() - held) + " trained on";
    }

    private static String key(String group) {
        return group.replace(" (optimistic)", "").replace(' ', '_');
    }

    private static String interval(Interval ci) {
        return String.format(Locale.ROOT, "[%.1f%%, %.1f%%]", 100 * ci.lower(), 100 * ci.upper());
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
