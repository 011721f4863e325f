package dev.mamori.methods.diffusion;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.eval.report.WrittenReport;
import dev.mamori.methods.classification.ClassifierTraining;
import dev.mamori.methods.classification.SavedClassifier;
import dev.mamori.methods.classification.TrainSpec;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.methods.common.ImageData;
import dev.mamori.methods.common.run.RunDirectory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code mamori train diffusion} end to end: open the captioned dataset, train the latent diffusion model
 * ({@link LatentDiffusionTraining}), get the independent judge (the ConvMixer colour baseline trained on the real
 * training images in {@code <run>/classifier}, or a given classifier file), measure ({@link DiffusionEvaluation}) and
 * write the report, in a {@link RunDirectory}. A resumed run continues a killed one: finished stages and the judge are
 * loaded, the interrupted stage resumes from its last checkpoint, and the measurements and report are redone (they
 * come out the same: everything random is a function of the seed).
 */
public final class DiffusionRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DiffusionRun() {}

    /** What a run produced. */
    public record Result(Path pipeline, WrittenReport report, DiffusionEvaluation.Result evaluation, double seconds) {}

    /** Runs in {@code dir}: a new run, or the continuation of the run it holds (whose stored config must be {@code cfg}). */
    public static Result run(DiffusionConfig cfg, Path dir, PrintStream log) throws IOException {
        try (RunDirectory run = RunDirectory.open(dir, cfg, RunDirectory.holdsRun(dir) ? RunDirectory.Mode.RESUME : RunDirectory.Mode.NEW)) {
            return run(cfg, run, log);
        }
    }

    public static Result run(DiffusionConfig cfg, RunDirectory run, PrintStream log) throws IOException {
        cfg.validate();
        long t0 = System.nanoTime();
        Path dir = run.dir();
        ImageData data = ImageData.open(cfg.dataset, 0, 0, cfg.seed, log);
        CaptionedImages train = CaptionedImages.of(data.train(), cfg.dataset, cfg.captionTemplate);
        CaptionedImages test = CaptionedImages.of(data.test(), cfg.dataset, cfg.captionTemplate);
        if (cfg.trainSubset > 0 && cfg.trainSubset < train.size()) train = train.select(sample(train.size(), cfg.trainSubset, ExperimentSeeds.of(cfg.seed, "subset")));
        log.printf("%s: %d training images (%d distinct texts), %d held-out images, %d classes%n", cfg.dataset, train.size(), train.texts().size(),
                test.size(), train.classes().size());

        LatentDiffusionTraining.Trained trained = LatentDiffusionTraining.run(cfg, train, run, log);
        Judge judge = judge(cfg, data, dir, log);
        DiffusionEvaluation.Result evaluation = DiffusionEvaluation.run(cfg, trained.model(), trained.clip(), train, test, judge.classifier(), log);
        WrittenReport report = DiffusionReport.write(cfg, trained.stages(), evaluation, judge.classifier(), judge.testAccuracy(), dir);
        return new Result(dir.resolve("pipeline"), report, evaluation, (System.nanoTime() - t0) / 1e9);
    }

    private record Judge(IndependentClassifier classifier, Proportion testAccuracy) {}

    /** The given classifier, the one an earlier attempt of this run trained, or a new ConvMixer baseline. */
    private static Judge judge(DiffusionConfig cfg, ImageData data, Path dir, PrintStream log) throws IOException {
        if (!cfg.evaluation.classifier.isBlank()) {
            SavedClassifier.Loaded l = SavedClassifier.load(Path.of(cfg.evaluation.classifier));
            if (!l.info().classes().equals(data.classes())) {
                throw new IllegalArgumentException("config field 'evaluation.classifier': " + cfg.evaluation.classifier + " classifies " + l.info().classes()
                        + ", the dataset has " + data.classes());
            }
            log.println("judge: " + cfg.evaluation.classifier + " (" + l.info().architecture() + ")");
            return new Judge(new IndependentClassifier(l), null);
        }
        Path file = dir.resolve("classifier/model.safetensors"), facts = dir.resolve("classifier/judge.json");
        if (Files.isRegularFile(file) && Files.isRegularFile(facts)) {
            Map<?, ?> m = JSON.readValue(facts.toFile(), Map.class);
            log.println("judge: trained earlier in this run, loaded " + file);
            return new Judge(new IndependentClassifier(SavedClassifier.load(file)),
                    Proportion.of(((Number) m.get("correct")).longValue(), ((Number) m.get("total")).longValue()));
        }
        TrainSpec spec = new TrainSpec();
        spec.model = cfg.evaluation.classifierModel;
        spec.modelConfig.putAll(cfg.evaluation.classifierModelConfig);
        spec.dataset = cfg.dataset;
        spec.epochs = cfg.evaluation.classifierEpochs;
        spec.lr = 0.01;
        spec.batchSize = 128;
        spec.seed = ExperimentSeeds.of(cfg.seed, "judge");
        log.printf("judge: training the ConvMixer colour baseline (%d epochs) on the real training images%n", spec.epochs);
        ClassifierTraining.Outcome o = ClassifierTraining.run(spec, data, dir.resolve("classifier"), true);
        Files.writeString(facts, JSON.writeValueAsString(Map.of("correct", o.testCorrect(), "total", o.testTotal(), "seconds", o.trainSeconds())));
        log.printf("judge: held-out accuracy %.1f%% (%d/%d)%n", 100 * o.testAccuracy(), o.testCorrect(), o.testTotal());
        return new Judge(new IndependentClassifier(SavedClassifier.load(file)), Proportion.of(o.testCorrect(), o.testTotal()));
    }

    static int[] sample(int n, int k, long seed) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1), t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = java.util.Arrays.copyOf(all, k);
        java.util.Arrays.sort(out);
        return out;
    }
}
