package dev.mamori.cli;

import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.methods.llmqa.SentimentSystem;
import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.llmqa.experiment.LlmQaConfig;
import dev.mamori.methods.llmqa.experiment.LlmQaExperiment;
import dev.mamori.methods.llmqa.experiment.Systems;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mamori run llmqa}: stability and small text attacks against a sentiment system (METHODS.md item 10). */
@Command(name = "llmqa", mixinStandardHelpOptions = true,
        description = {"Quality assurance of an LLM-based sentiment system (Ouyang et al. 2024): the stability grid (identical repeats, temperatures,"
                + " prompt variants, system prompts, history) and four small text attacks (typo, synonym, homoglyph, homophone; random placement"
                + " and a greedy word-importance search) over the labelled sentences, with a report whose claims carry verdicts.",
                "Sentences: a native system is studied on the sentences it did not train on (its 600 held-out ones); a chat endpoint on all 3,000,"
                        + " with the held-out ones of the model it serves reported apart when --trained-on names it (config field 'sentences').",
                "A killed run resumes from <out>/journal.jsonl; against a chat endpoint the response cache (<out>/cache) answers every request"
                        + " sent before, and the report counts the hits. --quick: a few minutes on subsets."})
final class LlmQaCommand implements Callable<Integer> {
    @Mixin
    LlmQaOptions system;

    @Option(names = "-c", description = "YAML or JSON config naming the fields it changes (over the defaults or the --quick settings).")
    Path config;

    @Option(names = "--quick", description = "Subsets: 150 sentences, 30 in the stability grid, 20 for the greedy search.")
    boolean quick;

    @Option(names = "--out", description = "Run directory (default: runs/llmqa-<system>-<time>); rerun with the same --out to resume.")
    Path out;

    @Option(names = "--concurrency", description = "Queries in flight at once (default 4): HTTP requests to a chat endpoint; native systems batch them.")
    Integer concurrency;

    @Option(names = "--print-config", description = "Print the effective config as YAML and exit.")
    boolean printConfig;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LlmQaConfig cfg = LlmQaConfig.of(quick ? ExperimentConfig.Preset.QUICK : ExperimentConfig.Preset.DEFAULT);
        if (config != null) cfg = Configs.readOver(config, cfg);
        if (concurrency != null) cfg.concurrency = concurrency;
        LlmQaConfig checked = cfg;
        Configs.attribute(checked::validate, config, Map.of("concurrency", "--concurrency"));
        if (printConfig) {
            spec.commandLine().getOut().print(Configs.toYaml(cfg));
            spec.commandLine().getOut().flush();
            return 0;
        }
        DataCatalog catalog = DataCatalog.fromEnvironment();
        Path dir = out != null ? out : ExperimentConfig.defaultRunDirectory("llmqa-" + system.system);
        Map<String, Object> facts = LlmQaOptions.facts();
        Systems.Opened opened = system.open(catalog, dir.resolve("cache"), cfg.concurrency, cfg.seed, facts);
        try (SentimentSystem s = opened.system()) {
            LlmQaExperiment.Result r = LlmQaExperiment.builder(cfg, s, Systems.sentences(catalog)).facts(facts).trainingSplit(opened.split())
                    .perturbers(Systems.perturbers(cfg.attacks, catalog)).out(dir).forbid(system.keyValue()).log(System.err).run();
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf("llmqa finished in %.1f minutes (%d tasks resumed from the journal)%n", r.seconds() / 60, r.resumedTasks());
            if (r.throughput().answered() > 0 || r.throughput().cacheHits() > 0) {
                stdout.printf("endpoint: %d answers, %.2f requests/s, %d cache hits, %d retries%n", r.throughput().answered(),
                        r.throughput().requestsPerSecond(), r.throughput().cacheHits(), r.throughput().retries());
            }
            ExperimentRuns.printClaims(stdout, r.claims(), r.report().html());
        }
        return 0;
    }
}
