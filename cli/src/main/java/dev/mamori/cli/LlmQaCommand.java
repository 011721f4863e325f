package dev.mamori.cli;

import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.methods.llmqa.SentimentSystem;
import dev.mamori.methods.common.run.RunDirectory;
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
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code mamori run llmqa}: stability and small text attacks against a sentiment system (METHODS.md item 10). */
@Command(name = "llmqa", mixinStandardHelpOptions = true,
        description = {"Quality assurance of an LLM-based sentiment system (Ouyang et al. 2024): the stability grid (identical repeats, temperatures,"
                + " prompt variants, system prompts, history) and four small text attacks (typo, synonym, homoglyph, homophone; random placement"
                + " and a greedy word-importance search) over the labelled sentences, with a report whose claims carry verdicts.",
                "Sentences: a native system is studied on the sentences it did not train on (its 600 held-out ones); a chat endpoint on all 3,000,"
                        + " with the held-out ones of the model it serves reported apart when --trained-on names it (config field 'sentences').",
                "A killed run continues with --resume RUN_DIR and the --system options it was started with (the queries recorded in its"
                        + " journal are not sent again); against a chat endpoint the response cache (RUN_DIR/cache) answers every request sent before,"
                        + " and the report counts the hits. --quick: a few minutes on subsets."})
final class LlmQaCommand implements Callable<Integer> {
    @Mixin
    LlmQaOptions system;

    @Mixin
    RunOptions options;

    @Option(names = "--concurrency", description = "Queries in flight at once (default 4): HTTP requests to a chat endpoint; native systems batch them."
            + " May change when resuming.")
    Integer concurrency;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // the config is checked once --concurrency is applied, so that an error names the option
        LlmQaConfig cfg = options.config(LlmQaConfig::of, c -> {});
        if (concurrency != null) cfg.concurrency = concurrency;
        Configs.attribute(cfg::validate, options.resuming() ? RunDirectory.configFile(options.resume) : options.config,
                Map.of("concurrency", "--concurrency"));
        PrintWriter stdout = spec.commandLine().getOut();
        if (options.printedConfig(cfg, stdout)) return 0;
        DataCatalog catalog = DataCatalog.fromEnvironment();
        Map<String, Object> facts = LlmQaOptions.facts();
        String experiment = "llmqa-" + system.system;
        Path dir = options.directory(experiment);
        if (!options.resuming()) options.out = dir;                        // the default directory's time, taken once
        // the system first: options that do not fit it are errors before the run directory is made
        Systems.Opened opened = system.open(catalog, dir.resolve("cache"), cfg.concurrency, cfg.seed, facts);
        try (SentimentSystem s = opened.system()) {
            try (RunDirectory run = options.open(experiment, cfg, Set.of("concurrency"))) {
                LlmQaExperiment.Result r = LlmQaExperiment.builder(cfg, s, Systems.sentences(catalog)).facts(facts).trainingSplit(opened.split())
                        .perturbers(Systems.perturbers(cfg.attacks, catalog)).in(run).forbid(system.keyValue()).log(System.err).run();
                stdout.printf("llmqa finished in %.1f minutes (%d tasks resumed from the journal)%n", r.seconds() / 60, r.resumedTasks());
                if (r.throughput().answered() > 0 || r.throughput().cacheHits() > 0) {
                    stdout.printf("endpoint: %d answers, %.2f requests/s, %d cache hits, %d retries%n", r.throughput().answered(),
                            r.throughput().requestsPerSecond(), r.throughput().cacheHits(), r.throughput().retries());
                }
                ExperimentRuns.printClaims(stdout, r.claims(), r.report().html());
            }
        }
        stdout.flush();
        return 0;
    }
}
