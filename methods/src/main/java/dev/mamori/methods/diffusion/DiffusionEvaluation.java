package dev.mamori.methods.diffusion;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.eval.metrics.BootstrapInterval;
import dev.mamori.eval.metrics.Estimate;
import dev.mamori.eval.metrics.FrechetDistance;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.eval.metrics.Psnr;
import dev.mamori.eval.metrics.Ssim;
import dev.mamori.eval.report.Figure;
import dev.mamori.eval.report.ImageGrid;
import dev.mamori.generative.pipelines.DdimInversion;
import dev.mamori.generative.pipelines.GenerationOptions;
import dev.mamori.generative.pipelines.LatentDiffusionModel;
import dev.mamori.generative.pipelines.Sampler;
import dev.mamori.generative.pipelines.TextToImagePipeline;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.methods.common.judge.IndependentClassifier;
import dev.mamori.models.text.ClipModel;
import dev.mamori.models.text.WordTokenizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the trained latent diffusion model is measured by, on held-out data: the autoencoder's reconstructions (PSNR,
 * SSIM, and the judge's accuracy on them against the originals); prompt faithfulness, the independent judge's agreement
 * between a held-out prompt's category and the generated image's, at each guidance scale on the same prompts and seeds
 * (paired), with the judge's accuracy on the prompts' real images as the ceiling and 1/classes as chance; an FID-style
 * distance in the judge's features of generated against held-out images, beside the distance of as many training
 * images (the floor at this sample size) and of the reconstructions; our CLIP-style score (100 x cosine of the CLIP
 * pair trained here) of generated images with their prompts, beside real images with their own and with shuffled
 * captions; the DDIM inversion round trip; and seconds per sampled image.
 */
public final class DiffusionEvaluation {
    private DiffusionEvaluation() {}

    /** The measurements at one guidance scale. */
    public record AtGuidance(double guidance, INDArray images, int[] predicted, Proportion agreement, Proportion[] perCategory,
                             Estimate clipScore, double frechet, double secondsPerImage) {}

    /**
     * Everything measured.
     *
     * @param psnr              VAE reconstruction PSNR (dB) on held-out images, mean with a bootstrap interval
     * @param ssim              VAE reconstruction SSIM, mean with a bootstrap interval
     * @param judgeOnReal       the judge's accuracy on the held-out images measured
     * @param judgeOnRecon      the judge's accuracy on their reconstructions
     * @param prompts           the prompt set
     * @param judgeOnPromptReal the judge's accuracy on the prompts' real images (the faithfulness ceiling)
     * @param guided            per guidance scale
     * @param guidanceGain      agreement at the largest scale minus at the smallest, paired bootstrap over prompts
     * @param clipReal          CLIP score of real held-out images with their own texts
     * @param clipShuffled      the same with the texts shuffled (the score of unrelated pairs)
     * @param frechetTrain      Fréchet distance of as many training images as generated ones to the held-out images
     * @param frechetRecon      Fréchet distance of the reconstructions to the held-out images
     * @param inversionLatentRmse  DDIM inversion round trip: RMS latent error over the latent RMS (NaN when skipped)
     * @param inversionPsnr     PSNR between the decoded original latent and the decoded round trip (NaN when skipped)
     * @param figures           grids for the report
     */
    public record Result(Estimate psnr, Estimate ssim, Proportion judgeOnReal, Proportion judgeOnRecon, PromptSet prompts,
                         Proportion judgeOnPromptReal, List<AtGuidance> guided, Estimate guidanceGain, Estimate clipReal,
                         Estimate clipShuffled, double frechetTrain, double frechetRecon, double inversionLatentRmse,
                         double inversionPsnr, List<Figure> figures) {}

    public static Result run(DiffusionConfig cfg, LatentDiffusionModel model, ClipModel clip, CaptionedImages train, CaptionedImages test,
                             IndependentClassifier judge, PrintStream log) {
        long seed = ExperimentSeeds.of(cfg.seed, "evaluation");
        List<Figure> figures = new ArrayList<>();

        // autoencoder reconstructions of held-out images
        CaptionedImages recTest = test.head(cfg.evaluation.reconstructionImages);
        INDArray recon = reconstruct(model, recTest.images());
        double[] psnr = Psnr.perImage(recTest.images(), recon), ssim = Ssim.standard().perImage(recTest.images(), recon);
        Proportion judgeReal = agreement(judge.predict(recTest.images()), recTest.labels());
        Proportion judgeRecon = agreement(judge.predict(recon), recTest.labels());
        log.printf("vae: PSNR %.2f dB, SSIM %.3f on %d held-out images; judge accuracy %.1f%% on them, %.1f%% on their reconstructions%n",
                mean(psnr), mean(ssim), recTest.size(), 100 * judgeReal.value(), 100 * judgeRecon.value());
        int shown = Math.min(cfg.evaluation.gridColumns * 2, recTest.size());
        figures.add(ImageGrid.builder().row("held-out", rows(recTest.images(), shown)).row("reconstructed", rows(recon, shown))
                .figure("vae_reconstructions.png", "KL autoencoder: held-out images and their reconstructions (posterior mean)"));

        // prompt faithfulness at each guidance scale, same prompts and seeds
        PromptSet prompts = PromptSet.heldOut(test, cfg.evaluation.promptsPerCategory, seed);
        int classes = test.classes().size();
        INDArray promptReal = Nd4j.pullRows(test.images().reshape(test.size(), -1), 1, prompts.realImage())
                .reshape(prompts.size(), test.images().size(1), test.images().size(2), test.images().size(3));
        Proportion ceiling = agreement(judge.predict(promptReal), prompts.categories());
        INDArray testFeatures = judge.features(test.images());
        TextToImagePipeline pipeline = new TextToImagePipeline(model, null, true);
        GenerationOptions base = new GenerationOptions(cfg.sampling.sampler.equals("ddpm") ? Sampler.DDPM : Sampler.DDIM, cfg.sampling.steps,
                GenerationOptions.defaults().spacing(), cfg.sampling.eta, 1, ExperimentSeeds.of(cfg.seed, "samples"), cfg.sampling.batchSize);
        WordTokenizer.Batch promptTokens = model.tokenizer().encodeBatch(prompts.texts(), null);
        List<AtGuidance> guided = new ArrayList<>();
        for (double g : cfg.evaluation.guidanceScales) {
            log.printf("sampling %d held-out prompts at guidance %.1f (%s, %d steps)%n", prompts.size(), g, base.sampler(), base.steps());
            TextToImagePipeline.Generation gen = pipeline.generate(prompts.texts(), base.withGuidance(g));
            int[] predicted = judge.predict(gen.images());
            Proportion agree = agreement(predicted, prompts.categories());
            Proportion[] per = new Proportion[classes];
            for (int c = 0; c < classes; c++) {
                long n = 0, hit = 0;
                for (int i = 0; i < prompts.size(); i++) {
                    if (prompts.categories()[i] != c) continue;
                    n++;
                    if (predicted[i] == c) hit++;
                }
                per[c] = Proportion.of(hit, n);
            }
            Estimate clipScore = BootstrapInterval.ofMean(clipScores(clip, gen.images(), promptTokens), seed);
            double fd = FrechetDistance.of(judge.features(gen.images()), testFeatures);
            guided.add(new AtGuidance(g, gen.images(), predicted, agree, per, clipScore, fd, gen.seconds() / prompts.size()));
            log.printf("guidance %.1f: judge agrees with the prompt's category on %d/%d (%.1f%%; chance %.1f%%), CLIP score %.2f, Fréchet %.2f, %.3f s per image%n",
                    g, agree.successes(), agree.trials(), 100 * agree.value(), 100.0 / classes, clipScore.value(), fd, gen.seconds() / prompts.size());
            figures.add(sampleGrid(prompts, gen.images(), test.classes(), cfg.evaluation.gridColumns, g));
        }
        Estimate gain = pairedGain(guided.get(0).predicted(), guided.get(guided.size() - 1).predicted(), prompts.categories(), seed);
        figures.add(realGrid(prompts, promptReal, test.classes(), cfg.evaluation.gridColumns));

        // references for the CLIP-style score and the Fréchet distance
        WordTokenizer.Batch ownTexts = model.tokenizer().encodeBatch(textsOf(recTest), null);
        Estimate clipReal = BootstrapInterval.ofMean(clipScores(clip, recTest.images(), ownTexts), seed);
        List<String> shuffled = new ArrayList<>(textsOf(recTest));
        java.util.Collections.shuffle(shuffled, new java.util.Random(seed));
        Estimate clipShuffled = BootstrapInterval.ofMean(clipScores(clip, recTest.images(), model.tokenizer().encodeBatch(shuffled, null)), seed);
        int[] trainRows = sampleRows(train.size(), prompts.size(), seed);
        INDArray trainSubset = Nd4j.pullRows(train.images().reshape(train.size(), -1), 1, trainRows)
                .reshape(trainRows.length, train.images().size(1), train.images().size(2), train.images().size(3));
        double fdTrain = FrechetDistance.of(judge.features(trainSubset), testFeatures);
        double fdRecon = FrechetDistance.of(judge.features(recon), testFeatures);
        log.printf("references: CLIP score %.2f real/own caption, %.2f shuffled; Fréchet %.2f for %d training images, %.2f for reconstructions%n",
                clipReal.value(), clipShuffled.value(), fdTrain, trainRows.length, fdRecon);

        // DDIM inversion round trip
        double invRmse = Double.NaN, invPsnr = Double.NaN;
        if (cfg.evaluation.inversionImages > 0) {
            CaptionedImages inv = test.head(cfg.evaluation.inversionImages);
            DdimInversion inversion = new DdimInversion(model, null);
            INDArray x0 = inversion.encode(inv.images());
            List<String> texts = textsOf(inv);
            INDArray xT = inversion.invert(x0, texts, cfg.sampling.steps, 1);
            INDArray back = inversion.regenerate(xT, texts, cfg.sampling.steps, 1);
            invRmse = rms(back.sub(x0)) / rms(x0);
            invPsnr = Psnr.of(inversion.decode(x0), inversion.decode(back));
            log.printf("DDIM inversion (%d steps, guidance 1) of %d held-out latents: relative RMS error %.4f, PSNR of the decoded round trip %.2f dB%n",
                    cfg.sampling.steps, inv.size(), invRmse, invPsnr);
        }
        return new Result(BootstrapInterval.ofMean(psnr, seed), BootstrapInterval.ofMean(ssim, seed), judgeReal, judgeRecon, prompts, ceiling,
                guided, gain, clipReal, clipShuffled, fdTrain, fdRecon, invRmse, invPsnr, figures);
    }

    static INDArray reconstruct(LatentDiffusionModel model, INDArray images) {
        List<INDArray> out = new ArrayList<>();
        try {
            for (long s = 0; s < images.size(0); s += 128) {
                INDArray x = images.get(NDArrayIndex.interval(s, Math.min(images.size(0), s + 128))).mul(2).subi(1);
                try (MemoryScope ignored = MemoryScope.open("recon"); GradMode.Scope off = GradMode.noGrad()) {
                    INDArray r = model.vae().reconstruct(Tensor.of(x), null).value();
                    out.add(MemoryScope.keep(org.nd4j.linalg.ops.transforms.Transforms.min(
                            org.nd4j.linalg.ops.transforms.Transforms.max(r.add(1).muli(0.5), 0, false), 1, false)));
                }
            }
        } finally {
            MemoryScope.release("recon");
        }
        return Nd4j.concat(0, out.toArray(INDArray[]::new));
    }

    /** 100 x cosine of each image's CLIP embedding with its own text's, per image. */
    static double[] clipScores(ClipModel clip, INDArray images, WordTokenizer.Batch texts) {
        double[] out = new double[(int) images.size(0)];
        try {
            for (int s = 0; s < out.length; s += 128) {
                int e = Math.min(out.length, s + 128);
                INDArray x = images.get(NDArrayIndex.interval(s, e)).mul(2).subi(1);
                WordTokenizer.Batch t = new WordTokenizer.Batch(texts.ids().get(NDArrayIndex.interval(s, e), NDArrayIndex.all()).dup(),
                        java.util.Arrays.copyOfRange(texts.eosPositions(), s, e));
                try (MemoryScope ignored = MemoryScope.open("clip-score"); GradMode.Scope off = GradMode.noGrad()) {
                    INDArray i = ClipModel.normalize(clip.imageFeatures(Tensor.of(x))).value();
                    INDArray w = ClipModel.normalize(clip.textFeatures(t)).value();
                    INDArray cos = i.mul(w).sum(1);
                    for (int k = s; k < e; k++) out[k] = 100 * cos.getDouble(k - s);
                }
            }
        } finally {
            MemoryScope.release("clip-score");
        }
        return out;
    }

    /** Agreement at the last scale minus at the first, prompts resampled in pairs. */
    static Estimate pairedGain(int[] first, int[] last, int[] truth, long seed) {
        double[] diff = new double[truth.length];
        for (int i = 0; i < truth.length; i++) diff[i] = (last[i] == truth[i] ? 1 : 0) - (first[i] == truth[i] ? 1 : 0);
        return BootstrapInterval.ofMean(diff, seed);
    }

    static Proportion agreement(int[] predicted, int[] truth) {
        long hit = 0;
        for (int i = 0; i < truth.length; i++) if (predicted[i] == truth[i]) hit++;
        return Proportion.of(hit, truth.length);
    }

    private static Figure sampleGrid(PromptSet prompts, INDArray images, List<String> classes, int columns, double g) {
        ImageGrid grid = ImageGrid.builder();
        for (int c = 0; c < classes.size(); c++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < prompts.size() && rows.size() < columns; i++) if (prompts.categories()[i] == c) rows.add(i);
            if (rows.isEmpty()) continue;
            int[] r = rows.stream().mapToInt(Integer::intValue).toArray();
            grid.row(classes.get(c), pick(images, r), rows.stream().map(i -> shortText(prompts.texts().get(i))).toList());
        }
        String name = String.format(java.util.Locale.ROOT, "samples_guidance_%s.png", trim(g));
        return grid.figure(name, "Generated from held-out prompts at guidance " + trim(g) + " (one row per category; the caption is the prompt's emoji name)");
    }

    private static Figure realGrid(PromptSet prompts, INDArray real, List<String> classes, int columns) {
        ImageGrid grid = ImageGrid.builder();
        for (int c = 0; c < classes.size(); c++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < prompts.size() && rows.size() < columns; i++) if (prompts.categories()[i] == c) rows.add(i);
            if (rows.isEmpty()) continue;
            grid.row(classes.get(c), pick(real, rows.stream().mapToInt(Integer::intValue).toArray()));
        }
        return grid.figure("prompts_real.png", "The real held-out images of the same prompts (never trained on)");
    }

    static String shortText(String t) {
        String s = t.contains(": ") ? t.substring(t.indexOf(": ") + 2) : t;
        return s.length() > 14 ? s.substring(0, 13) + "…" : s;
    }

    private static String trim(double g) {
        return g == Math.rint(g) ? String.valueOf((long) g) : String.valueOf(g);
    }

    private static INDArray pick(INDArray images, int[] rows) {
        return Nd4j.pullRows(images.reshape(images.size(0), -1), 1, rows).reshape(rows.length, images.size(1), images.size(2), images.size(3));
    }

    private static INDArray rows(INDArray images, int n) {
        return images.get(NDArrayIndex.interval(0, n));
    }

    private static List<String> textsOf(CaptionedImages d) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) out.add(d.text(i));
        return out;
    }

    private static int[] sampleRows(int n, int k, long seed) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1), t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, Math.min(n, Math.max(2, k)));
    }

    private static double rms(INDArray a) {
        return Math.sqrt(a.mul(a).meanNumber().doubleValue());
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }
}
