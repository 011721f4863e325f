package dev.mamori.methods.diffusion;

import dev.mamori.eval.report.WrittenReport;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.methods.common.ImageData;
import dev.mamori.methods.common.judge.Judge;
import dev.mamori.methods.common.judge.JudgeSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * {@code mamori train diffusion} end to end: open the captioned dataset, train the latent diffusion model
 * ({@link LatentDiffusionTraining}), get the independent judge (the ConvMixer colour baseline trained on the real
 * training images in {@code <run>/classifier}, or a given classifier file), measure ({@link DiffusionEvaluation}) and
 * write the report. With {@code resume} a killed run continues: finished stages and the judge are loaded, the
 * interrupted stage resumes from its checkpoint.
 */
public final class DiffusionRun {
    private DiffusionRun() {}

    /** What a run produced. */
    public record Result(Path pipeline, WrittenReport report, DiffusionEvaluation.Result evaluation, double seconds) {}

    public static Result run(DiffusionConfig cfg, Path dir, PrintStream log) throws IOException {
        cfg.validate();
        long t0 = System.nanoTime();
        Files.createDirectories(dir);
        ImageData data = ImageData.open(cfg.dataset, 0, 0, cfg.seed, log);
        CaptionedImages train = CaptionedImages.of(data.train(), cfg.dataset, cfg.captionTemplate);
        CaptionedImages test = CaptionedImages.of(data.test(), cfg.dataset, cfg.captionTemplate);
        if (cfg.trainSubset > 0 && cfg.trainSubset < train.size()) train = train.select(sample(train.size(), cfg.trainSubset, ExperimentSeeds.of(cfg.seed, "subset")));
        log.printf("%s: %d training images (%d distinct texts), %d held-out images, %d classes%n", cfg.dataset, train.size(), train.texts().size(),
                test.size(), train.classes().size());

        LatentDiffusionTraining.Trained trained = LatentDiffusionTraining.run(cfg, train, dir, log);
        Judge judge = judge(cfg, data, dir, log);
        DiffusionEvaluation.Result evaluation = DiffusionEvaluation.run(cfg, trained.model(), trained.clip(), train, test, judge.classifier(), log);
        WrittenReport report = DiffusionReport.write(cfg, trained.stages(), evaluation, judge.classifier(), judge.testAccuracy(), dir);
        return new Result(dir.resolve("pipeline"), report, evaluation, (System.nanoTime() - t0) / 1e9);
    }

    /** The given classifier, the one an earlier attempt of this run trained, or a new ConvMixer baseline (in {@code <run>/classifier}). */
    private static Judge judge(DiffusionConfig cfg, ImageData data, Path dir, PrintStream log) throws IOException {
        DiffusionConfig.Evaluation e = cfg.evaluation;
        JudgeSettings settings = new JudgeSettings(e.classifier, e.classifierModel, e.classifierModelConfig, e.classifierEpochs);
        try {
            return Judge.obtain(settings, data, cfg.dataset, cfg.seed, dir.resolve("classifier"), log);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("config field 'evaluation.classifier': " + ex.getMessage(), ex);
        }
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
