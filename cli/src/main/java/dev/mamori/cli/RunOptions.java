package dev.mamori.cli;

import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.common.ExperimentOutcome;
import dev.mamori.methods.common.run.RunDirectory;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The options every command that trains in a run directory shares ({@code run <experiment>}, {@code train gan},
 * {@code train diffusion}): the config ({@code -c} over the default or {@code --quick} preset, checked, errors naming
 * the file and the field), {@code --print-config}, and the run directory: {@code --out} for a new run (a directory
 * that holds one is refused) or {@code --resume RUN_DIR} to continue a killed run with the config stored in it
 * ({@link RunDirectory}). A command adopts it with a {@code @Mixin RunOptions run;} and three calls:
 * <pre>{@code
 * MyConfig cfg = run.config(MyConfig::of, MyConfig::validate);
 * if (run.printedConfig(cfg, stdout)) return 0;
 * try (RunDirectory dir = run.open("myexperiment", cfg, Set.of("checkpointEverySeconds"))) { ... }
 * }</pre>
 */
final class RunOptions {
    @Option(names = {"-c", "--config"}, description = "YAML or JSON config; names only the fields it changes (applied over the defaults,"
            + " or over the --quick settings).")
    Path config;

    @Option(names = "--quick", description = "The few-minute smoke run (subsets, tiny budgets): its numbers are not evidence.")
    boolean quick;

    @Option(names = "--out", description = "Run directory (default: runs/${COMMAND-NAME}-<time>); must not hold a run already.")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the killed run in RUN_DIR with the config stored there"
            + " (leave out -c and --quick): finished stages are not redone, an interrupted training continues from its last checkpoint.")
    Path resume;

    @Option(names = "--print-config", description = "Print the effective config as YAML and exit.")
    boolean printConfig;

    /**
     * The effective config: {@code presets} of DEFAULT or QUICK with the {@code -c} file over it, or, when resuming,
     * the config stored in the run directory; then checked by {@code validate}.
     */
    <C> C config(Function<ExperimentConfig.Preset, C> presets, Consumer<C> validate) throws IOException {
        if (resume == null) {
            return ExperimentRuns.checkedConfig(presets.apply(quick ? ExperimentConfig.Preset.QUICK : ExperimentConfig.Preset.DEFAULT), config, validate);
        }
        if (config != null || quick) {
            throw new IllegalArgumentException("--resume takes the run's config from " + RunDirectory.configFile(resume) + "; leave out -c and --quick");
        }
        if (out != null) throw new IllegalArgumentException("--out: a resumed run stays in its directory " + resume);
        RunDirectory.storedConfig(resume); // says why when there is nothing to resume
        Path stored = RunDirectory.configFile(resume);
        // The stored config names every field, but maps marked @JsonMerge are merged into the preset's: read it over
        // the preset it was made from (the one that gives it back unchanged), so that no preset's entries are added.
        for (ExperimentConfig.Preset p : ExperimentConfig.Preset.values()) {
            C c = Configs.readOver(stored, presets.apply(p));
            if (RunDirectory.matchesStored(resume, c)) return ExperimentRuns.checkedConfig(c, null, validate);
        }
        return ExperimentRuns.checkedConfig(presets.apply(ExperimentConfig.Preset.DEFAULT), stored, validate);
    }

    /** Prints {@code cfg} as YAML when --print-config was given; true when it did (the command then ends). */
    boolean printedConfig(Object cfg, PrintWriter out) {
        return ExperimentRuns.printedConfig(printConfig, cfg, out);
    }

    boolean resuming() {
        return resume != null;
    }

    /** The run directory: the resumed one, --out, or runs/&lt;experiment&gt;-&lt;time&gt;. */
    Path directory(String experiment) {
        return resume != null ? resume : out != null ? out : ExperimentConfig.defaultRunDirectory(experiment);
    }

    /**
     * Opens the run directory for {@code cfg}: a new run, or the resumed one (its stored config must be {@code cfg}
     * except for the fields named in {@code mayChange}, settings that do not change what is computed).
     */
    RunDirectory open(String experiment, Object cfg, Set<String> mayChange) throws IOException {
        Path dir = directory(experiment);
        RunDirectory run = Configs.openRun(dir, cfg, resume != null, mayChange, Map.of());
        if (run.resumed()) System.err.println("resuming the " + experiment + " run in " + dir);
        return run;
    }

    /** An experiment's (or a training's) entry point on an open run directory. */
    @FunctionalInterface
    interface Experiment<C, R> {
        R run(C config, RunDirectory run, PrintStream log) throws IOException;
    }

    /**
     * A whole {@code run <experiment>} command: the checked config, {@code --print-config}, the run directory (new or
     * resumed; {@code mayChange} as in {@link #open}), the experiment with its progress on stderr, and the closing lines
     * (time, each claim's verdict, the report) on {@code stdout}.
     *
     * @return the exit code (0)
     */
    <C, R extends ExperimentOutcome> int execute(String experiment, Function<ExperimentConfig.Preset, C> presets, Consumer<C> validate,
                                                 Set<String> mayChange, Experiment<C, R> body, PrintWriter stdout) throws IOException {
        return execute(experiment, presets, validate, mayChange, body, stdout,
                (r, out) -> ExperimentRuns.printOutcome(out, experiment, r.seconds(), r.claims(), r.report().html()));
    }

    /** The same for a command whose closing lines are its own ({@code train gan}, {@code train diffusion}). */
    <C, R> int execute(String experiment, Function<ExperimentConfig.Preset, C> presets, Consumer<C> validate, Set<String> mayChange,
                       Experiment<C, R> body, PrintWriter stdout, BiConsumer<R, PrintWriter> closing) throws IOException {
        C cfg = config(presets, validate);
        if (printedConfig(cfg, stdout)) return 0;
        R r;
        try (RunDirectory run = open(experiment, cfg, mayChange)) {
            r = body.run(cfg, run, System.err);
        }
        closing.accept(r, stdout);
        stdout.flush();
        return 0;
    }
}
