package dev.mamori.methods.backdoor.experiment;

import dev.mamori.methods.common.ExperimentOutcome;
import dev.mamori.eval.report.WrittenReport;
import dev.mamori.methods.backdoor.Defense;
import dev.mamori.methods.backdoor.DefenseContext;
import dev.mamori.methods.backdoor.DefenseRun;
import dev.mamori.methods.backdoor.DefenseSamples;
import dev.mamori.methods.backdoor.ModelCopies;
import dev.mamori.methods.backdoor.poisoning.AttackedSet;
import dev.mamori.methods.backdoor.poisoning.Poisoning;
import dev.mamori.methods.backdoor.triggers.TriggerVisibility;
import dev.mamori.methods.backdoor.triggers.NeuralCleanse;
import dev.mamori.nn.train.TrainingDivergedException;
import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.models.Normalized;
import dev.mamori.nn.util.Progress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The backdoor experiment (docs/METHODS.md item 4), as one library call (the CLI's {@code mamori run backdoor}): for
 * every dataset, model, attack and seed, one backdoored model is trained; every defense then repairs its own copy of
 * it with every sample size (the same samples for all defenses), and each defended model is scored on the evaluation
 * images (clean accuracy, attack success rate and robust accuracy on triggered non-target images, per-class
 * accuracy). The report states the paper's claims with the measured numbers and a verdict.
 */
public final class BackdoorExperiment {
    /** Training images the trigger's visibility is measured on (the first ones; enough for a stable mean). */
    static final int VISIBILITY_IMAGES = 1000;

    private BackdoorExperiment() {}

    /**
     * Everything the run produced; {@code seconds} is this process's time (the report's total adds the time the units
     * read back from the journal took when they ran).
     */
    public record Result(BackdoorConfig config, List<ModelRun> models, List<DefenseCell> cells, List<Claim> claims, Map<String, Duration> timings,
                         WrittenReport report, Path directory, double seconds) implements ExperimentOutcome {}

    /** Runs in {@code directory}: a new run, or the continuation of the run it holds (whose stored config must be {@code config}). */
    public static Result run(BackdoorConfig config, Path directory, PrintStream log) throws IOException {
        try (RunDirectory run = RunDirectory.open(directory, config, RunDirectory.holdsRun(directory) ? RunDirectory.Mode.RESUME : RunDirectory.Mode.NEW)) {
            return run(config, run, log);
        }
    }

    /**
     * Runs in a run directory. The grid's unit of work is one dataset, model, attack and seed: the backdoored model, its
     * clean-model floor and every defense run on it. A finished unit is recorded whole in the run's journal
     * ({@link JournaledUnit}); a resumed run reads the finished units back from there (no training, no model file or
     * checkpoint needed: a run directory reduced to config.json and journal.jsonl continues) and computes the others,
     * so its report equals an uninterrupted run's. A unit's backdoored model trains with checkpoints in
     * {@code <run>/models/<id>}, so the unit a kill interrupted continues mid-training where they survived and starts
     * afresh where they did not; a clean-model floor model (shared by a dataset's, model's and seed's attacks) is
     * restored from {@code <run>/models/<dataset>/<model>/clean/seed<n>} or trained again, seeded, to the same model.
     */
    public static Result run(BackdoorConfig config, RunDirectory runDirectory, PrintStream log) throws IOException {
        config.validate();
        long t0 = System.nanoTime();
        Path directory = runDirectory.dir();
        Map<String, Duration> timings = new LinkedHashMap<>();
        log.printf(Locale.ROOT, "backdoor: datasets %s, models %s, attacks %s, defenses %s, samples %s (baselines at %s), %d seed(s)%n", config.datasets,
                config.useModels, config.useAttacks, config.defenses, config.sampleSizes,
                config.baselineSampleSizes.isEmpty() ? config.sampleSizes : config.baselineSampleSizes, config.seeds);
        List<ModelRun> models = new ArrayList<>();
        List<DefenseCell> cells = new ArrayList<>();
        List<String> diverged = new ArrayList<>();
        long defenseRuns = 0;
        for (String d : config.defenses) defenseRuns += config.sizesFor(d).size();
        long cellsPerDataset = 0;
        for (String m : config.useModels) cellsPerDataset += config.attacksFor(m).size();
        long total = (long) config.datasets.size() * cellsPerDataset * config.seeds * (1 + defenseRuns);
        Map<String, DatasetSplits> firstSplits = new LinkedHashMap<>();
        int carried = 0;
        double carriedSeconds = 0;
        try (Progress progress = Progress.plain("backdoor (models and defense runs)", total, log)) {
            for (String dataset : config.datasets) {
                long phase = System.nanoTime();
                DatasetSplits base = DatasetSplits.open(dataset, config.trainSubset, config.poolSize(), config.evalSubset, config.seed, log);
                firstSplits.put(dataset, base);
                log.printf(Locale.ROOT, "data %s: %d training, pool of %d unseen test images, %d evaluation images; %d classes, %dx%dx%d%n", dataset,
                        base.trainLabels().length, base.poolLabels().length, base.evalLabels().length, base.numClasses(), base.channels(), base.size(), base.size());
                timings.merge("data", Duration.ofNanos(System.nanoTime() - phase), Duration::plus);
                for (String modelName : config.useModels) {
                    ModelSpec modelSpec = config.models.get(modelName);
                    Map<Long, Normalized> cleanModels = new LinkedHashMap<>();
                    for (String attackName : config.attacksFor(modelName)) {
                        AttackSpec attack = config.attacks.get(attackName);
                        for (int s = 0; s < config.seeds; s++) {
                            long seed = config.seed + s;
                            String id = dataset + "/" + modelName + "/" + attackName + "/seed" + seed;
                            if (runDirectory.done(JournaledUnit.stage(id))) {
                                // finished before (perhaps on another machine): read back whole, nothing trained or loaded
                                JournaledUnit unit = JournaledUnit.read(runDirectory, id);
                                models.add(unit.model());
                                cells.addAll(unit.defenseCells());
                                diverged.addAll(unit.diverged());
                                unit.seconds().forEach((phaseName, sec) -> timings.merge(phaseName, Duration.ofNanos((long) (sec * 1e9)), Duration::plus));
                                carriedSeconds += unit.seconds().values().stream().mapToDouble(Double::doubleValue).sum();
                                carried++;
                                log.printf(Locale.ROOT, "%s: done earlier (read back from the journal): clean %.1f%%, ASR %.1f%%, RA %.1f%%; %d defense cells%n", id,
                                        100 * unit.model().scores().ca(), 100 * unit.model().scores().asr(), 100 * unit.model().scores().ra(), unit.cells().size());
                                progress.step(1 + defenseRuns);
                                continue;
                            }
                            Map<String, Double> unitSeconds = new LinkedHashMap<>();
                            DatasetSplits data = s == 0 ? base : resplit(base, seed);
                            phase = System.nanoTime();
                            BackdoorTraining.Backdoored b = BackdoorTraining.train(data, modelSpec, attack, ExperimentSeeds.of(seed, id), false,
                                    runDirectory.stage("models/" + id));
                            AttackedSet attacked = AttackedSet.of(data.evalImages(), data.evalLabels(), data.numClasses(), b.trigger(), b.spec());
                            Scores before = Scores.of(b.model(), data.evalImages(), data.evalLabels(), attacked);
                            phase = lap(timings, unitSeconds, "backdoor training", phase);
                            Scores floor = null;
                            if (config.cleanFloor) {
                                // shared by the attacks of this dataset, model and seed; trained again (seeded, the same) when a
                                // resumed run needs it and its checkpoints did not come along
                                String cleanId = dataset + "/" + modelName + "/clean/seed" + seed;
                                Normalized clean = cleanModels.computeIfAbsent(seed, sd -> trainClean(data, modelSpec, sd, cleanId, runDirectory));
                                floor = Scores.of(clean, data.evalImages(), data.evalLabels(), attacked);
                                phase = lap(timings, unitSeconds, "clean-model floor", phase);
                            }
                            TriggerVisibility visibility = TriggerVisibility.of(b.trigger(), Poisoning.rows(data.trainImages(),
                                    IntStream.range(0, Math.min(VISIBILITY_IMAGES, data.trainLabels().length)).toArray()));
                            ModelRun run = new ModelRun(dataset, modelName, attackName, (int) seed, b.trigger().describe(), b.epochs(),
                                    visibility, b.spec().describe(), b.poisoned(), b.noise(), before, b.trainSeconds(), floor);
                            models.add(run);
                            log.printf(Locale.ROOT, "%s: backdoored in %.1f s (%d epochs, peak lr %.3g; trigger %s): clean %.1f%%, ASR %.1f%%, RA %.1f%%%s%s%n",
                                    id, b.trainSeconds(), run.epochs(), modelSpec.lrOn(dataset), visibility.describe(), 100 * before.ca(),
                                    100 * before.asr(), 100 * before.ra(), run.implanted() ? "" : " (the attack did not take)", floor == null ? ""
                                            : String.format(Locale.ROOT, "; clean-model floor: clean %.1f%%, ASR %.1f%%", 100 * floor.ca(), 100 * floor.asr()));
                            progress.step();
                            phase = System.nanoTime();
                            List<String> unitDiverged = new ArrayList<>();
                            List<DefenseCell> unitCells = defend(config, modelSpec, b, data, attacked, before, id, dataset, modelName, attackName, (int) seed,
                                    progress, log, unitDiverged);
                            lap(timings, unitSeconds, "defenses", phase);
                            cells.addAll(unitCells);
                            diverged.addAll(unitDiverged);
                            JournaledUnit.of(run, unitCells, unitDiverged, unitSeconds).record(runDirectory, id);
                        }
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Claim> claims = new BackdoorClaims(config, models, cells).all();
        // the report's total is the whole run's: this process's time and the time the units read back took when they ran
        WrittenReport report = BackdoorReport.write(config, firstSplits, models, cells, diverged, claims, timings, seconds + carriedSeconds, directory);
        log.printf(Locale.ROOT, "backdoor: done in %.1f min%s; report %s%n", seconds / 60, carried == 0 ? ""
                : String.format(Locale.ROOT, " (%d unit(s) read back from the journal, which took %.1f min when they ran)", carried, carriedSeconds / 60),
                report.html());
        return new Result(config, models, cells, claims, timings, report, directory, seconds);
    }

    /** Adds the time since {@code start} to the run's phase and the unit's; returns now. */
    private static long lap(Map<String, Duration> timings, Map<String, Double> unitSeconds, String phase, long start) {
        long now = System.nanoTime();
        timings.merge(phase, Duration.ofNanos(now - start), Duration::plus);
        unitSeconds.merge(phase, (now - start) / 1e9, Double::sum);
        return now;
    }

    private static List<DefenseCell> defend(BackdoorConfig config, ModelSpec modelSpec, BackdoorTraining.Backdoored b, DatasetSplits data,
                                            AttackedSet attacked, Scores before, String id, String dataset, String model, String attack, int seed,
                                            Progress progress, PrintStream log, List<String> diverged) {
        List<DefenseCell> out = new ArrayList<>();
        for (int n : config.sampleSizes) {
            DefenseSamples samples = data.samples(n);
            NeuralCleanse nc = NeuralCleanse.builder().steps(config.neuralCleanseSteps).initialCost(config.neuralCleanseInitialCost).build();
            DefenseSamples reverse = data.samples(Math.min(n, config.neuralCleanseMaxSamples));
            NeuralCleanse fullImage = NeuralCleanse.builder().steps(config.neuralCleanseSteps).initialCost(config.neuralCleanseInitialCost)
                    .maskShape(NeuralCleanse.MaskShape.FULL_IMAGE).build();
            DefenseContext context = new DefenseContext(samples, b.trigger(), () -> nc.run(b.model(), reverse.images()),
                    config.reverseFullImage ? () -> fullImage.run(b.model(), reverse.images()) : null);
            for (String name : config.defenses) {
                if (!config.sizesFor(name).contains(n)) continue;
                Defense defense = Defenses.build(name, config, modelSpec, ExperimentSeeds.of(seed, id + "/" + n));
                Normalized copy = ModelCopies.copy(b.model());
                DefenseRun run;
                try {
                    run = defense.defend(copy, context);
                } catch (TrainingDivergedException e) {
                    // a baseline whose training blows up on these samples has no defended model to score; the run goes on
                    String note = String.format(Locale.ROOT, "%s, %s, %d samples: %s", id, name, n, e.getMessage());
                    diverged.add(note);
                    log.printf(Locale.ROOT, "  %-12s n=%-3d diverged (%s): no scores%n", name, n, e.getMessage());
                    progress.step();
                    continue;
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-12s n=%-3d %6.2f s", name, n, run.seconds()));
                Scores previous = null;
                for (Map.Entry<String, Runnable> stage : run.stages().entrySet()) {
                    stage.getValue().run();
                    // without a detected collapse the repaired stage is the edited weights: same scores
                    boolean same = previous != null && run.details().get("collapsed_classes") instanceof List<?> l && l.isEmpty();
                    Scores after = same ? previous : Scores.of(copy, data.evalImages(), data.evalLabels(), attacked);
                    previous = after;
                    out.add(new DefenseCell(dataset, model, attack, seed, name, n, stage.getKey(), before, after, run.seconds(), run.details()));
                    line.append(String.format(Locale.ROOT, " | %s: clean %.1f%% ASR %.1f%% RA %.1f%%", stage.getKey(), 100 * after.ca(), 100 * after.asr(),
                            100 * after.ra()));
                }
                log.println(line);
                progress.step();
            }
        }
        return out;
    }

    /** The clean-model floor's model for one dataset, model and seed (trained with checkpoints in {@code <run>/models/<id>}). */
    private static Normalized trainClean(DatasetSplits data, ModelSpec spec, long seed, String id, RunDirectory runDirectory) {
        try {
            return BackdoorTraining.trainClean(data, spec, ExperimentSeeds.of(seed, id), false, runDirectory.stage("models/" + id));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The same data with the pool and evaluation images drawn again with another seed (the training images stay). */
    private static DatasetSplits resplit(DatasetSplits base, long seed) {
        int pool = base.poolLabels().length;
        org.nd4j.linalg.api.ndarray.INDArray test = org.nd4j.linalg.factory.Nd4j.concat(0, base.poolImages(), base.evalImages());
        int[] labels = new int[pool + base.evalLabels().length];
        System.arraycopy(base.poolLabels(), 0, labels, 0, pool);
        System.arraycopy(base.evalLabels(), 0, labels, pool, base.evalLabels().length);
        return DatasetSplits.split(base.name(), base.classes(), base.trainImages(), base.trainLabels(), test, labels, pool, 0, seed);
    }
}
