package dev.mamori.methods.spurious;

import dev.mamori.eval.metrics.Proportion;
import dev.mamori.eval.metrics.Summary;
import dev.mamori.eval.report.ExperimentReport;
import dev.mamori.eval.report.ImageGrid;
import dev.mamori.eval.report.Table;
import dev.mamori.eval.report.WrittenReport;
import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.ClaimsSection;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes the spurious-feature generation report: setup, claims, classifiers, spurious rates per arm, per seed, prior preservation, grids. */
final class SpuriousReport {
    private SpuriousReport() {}

    static WrittenReport write(SpuriousExperiment.Facts f, List<Claim> claims, double seconds, Path dir) throws IOException {
        SpuriousConfig c = f.config();
        ExperimentReport r = ExperimentReport.named("spurious: class-wise spurious feature generation with DreamBooth and a robust-feature loss").seed(c.seed);
        r.config("experiment", c);
        r.timing("total", Duration.ofNanos((long) (seconds * 1e9)));
        SpuriousData d = f.data();
        r.paragraph(String.format(Locale.ROOT, "Our reconstruction of MaungMaung et al. (ICIP 2024, docs/METHODS.md item 8) on %s at %dx%d. Planted"
                        + " correlation: diagonal orange/blue stripes (period %d px, random phase) replace the white background of %d of %d '%s' training"
                        + " images (rate %.2f) and of %d of %d other images (rate %.2f); the test split is unmodified. References (DreamBooth's instance"
                        + " images, %d): %s. Base model: %s. Rare token '%s': instance prompt '%s', class prompt '%s', %d class images from the frozen"
                        + " base model, prior weight %.2f, %d steps of %d + %d rows, lr %.1e, text encoder %s, %s. Similarity loss (second arm): weight"
                        + " %.2f, 1 - cosine of the robust classifier's pooled features of the decoded x0-prediction (timesteps < %d) with the references'"
                        + " mean features. Each seed fine-tunes both arms from the same base weights with the same batches and noise, and generates"
                        + " %d images per prompt from the same noise in every arm (DDIM %d steps, guidance %.1f). Total time %.1f minutes on a shared"
                        + " 2-core machine (wall time, noisy).",
                SpuriousExperiment.DATASET, d.correlated().height(), d.correlated().width(), c.correlation.period, d.patterned()[0], d.classCounts()[0],
                d.targetName(), c.correlation.targetRate, d.patterned()[1], d.classCounts()[1], c.correlation.otherRate, d.references().size(0),
                c.correlation.referenceFolder.isBlank() ? "the stripes over a whole white canvas, no object, each with its own phase (written to"
                        + " references/)" : "read from " + c.correlation.referenceFolder,
                f.baseSource(), f.rareToken(), f.instancePrompt(), f.classPrompt(), c.dreambooth.classImages, c.dreambooth.priorWeight,
                c.dreambooth.steps, c.dreambooth.instancesPerBatch, c.dreambooth.instancesPerBatch, c.dreambooth.lr,
                c.dreambooth.trainTextEncoder ? "fine-tuned" : "frozen", c.dreambooth.loraRank > 0 ? "LoRA rank " + c.dreambooth.loraRank
                        + " on the UNet's attention projections" : "full UNet fine-tuning", c.dreambooth.similarityWeight,
                c.dreambooth.similarityMaxTimestep, c.evaluation.images, c.evaluation.samplingSteps, c.evaluation.guidance, seconds / 60));
        ClaimsSection.add(r, claims);

        r.section("Classifiers trained on the correlated data");
        Table ct = Table.of("Classifiers: held-out accuracy (unmodified test split) and the planted shortcut", "classifier", "model", "test accuracy (%)",
                "pattern-only -> target", "plain background -> target", "PGD-10 robust accuracy");
        List<SpuriousClassifiers.Trained> all = new ArrayList<>(f.classifiers().judged());
        all.add(f.classifiers().robust());
        for (var t : all) {
            ct.row(t.name(), t.description(), 100 * t.testAccuracy(), t.patternRate(), t.plainRate(), t.robustAccuracy());
        }
        r.table(ct);
        r.paragraph(String.format(Locale.ROOT, "The robust classifier is adversarially trained with L-inf PGD-%d at eps %.4f (its PGD-10 robust"
                + " accuracy at the same eps is measured on %d test images); it shapes the loss and is not one of the judged classifiers.",
                c.classifiers.pgdSteps, c.classifiers.pgdEpsilon, c.correlation.probes));

        r.section("Spurious rate of generated images");
        int k = f.classifiers().judged().size();
        String[] cols = new String[k + 6];
        cols[0] = "images";
        for (int i = 0; i < k; i++) cols[i + 1] = f.classifiers().judged().get(i).name() + " -> target";
        cols[k + 1] = "mean rate";
        cols[k + 2] = "worst rate";
        cols[k + 3] = "spurious score (mean confidence)";
        cols[k + 4] = "robust-feature cosine to references";
        cols[k + 5] = "perceptual distance to nearest reference (judge features, LPIPS-style)";
        Table st = Table.of("Share of images each judged classifier assigns to '" + d.targetName() + "', pooled over seeds", cols);
        List<ArmResult> rows = new ArrayList<>(f.references());
        for (String arm : List.of(ArmResult.BASE, ArmResult.DREAMBOOTH, ArmResult.WITH_LOSS)) rows.add(pool(f.arms(), arm, k));
        for (ArmResult a : rows) {
            Object[] cells = new Object[k + 6];
            cells[0] = a.arm().equals("references") ? "references (the pattern itself)" : a.arm() + " ('" + f.instancePrompt() + "')";
            double conf = 0;
            for (int i = 0; i < k; i++) {
                cells[i + 1] = Proportion.of(a.spuriousHits()[i], a.images());
                conf += a.spuriousConfidence()[i] / a.images();
            }
            cells[k + 1] = a.meanRate();
            cells[k + 2] = a.worstRate();
            cells[k + 3] = conf / k;
            cells[k + 4] = a.meanSimilarity();
            cells[k + 5] = a.perceptual().length == 0 ? "not measured" : Summary.of(a.perceptual()).mean();
            st.row(cells);
        }
        r.table(st);

        Table ps = Table.of("Per seed (mean and worst over the judged classifiers)", "seed", "arm", "mean rate", "worst rate", "robust classifier rate",
                "robust-feature cosine", "fine-tuning last metrics").showIntervals(false);
        for (ArmResult a : f.arms()) {
            ps.row(a.seed(), a.arm(), a.meanRate(), a.worstRate(), (double) a.robustHits() / a.images(), a.meanSimilarity(), metrics(a.lastMetrics()));
        }
        r.table(ps);

        r.section("Prior preservation");
        Table pt = Table.of("The judge's classes of class-prompt ('" + f.classPrompt() + "') generations, pooled over seeds", "arm", "judged '" + f.classPrompt()
                + "'", "same class as the base model's image from the same noise");
        for (String arm : List.of(ArmResult.BASE, ArmResult.DREAMBOOTH, ArmResult.WITH_LOSS)) {
            long hits = 0, same = 0, n = 0;
            for (long s : c.seeds) {
                int[] a = SpuriousClaims.find(f.arms(), arm, s).judgeClassPrompt(), b = SpuriousClaims.find(f.arms(), ArmResult.BASE, s).judgeClassPrompt();
                for (int i = 0; i < a.length; i++, n++) {
                    if (a[i] == f.classPromptCategory()) hits++;
                    if (a[i] == b[i]) same++;
                }
            }
            pt.row(arm, f.classPromptCategory() < 0 ? null : Proportion.of(hits, n), Proportion.of(same, n));
        }
        r.table(pt);
        r.paragraph(String.format(Locale.ROOT, "The judge: a ConvMixer %s trained on the unmodified images (held-out accuracy %.1f%%), never one"
                + " of the classifiers above.", c.evaluation.judgeModelConfig, 100 * f.judgeAccuracy()));

        r.section("Generated images");
        ImageGrid grid = ImageGrid.builder().scale(2);
        for (Map.Entry<String, INDArray> e : f.grids().entrySet()) {
            INDArray x = e.getValue();
            long n = Math.min(x.size(0), c.evaluation.gridColumns);
            grid.row(e.getKey(), x.get(NDArrayIndex.interval(0, n)));
        }
        r.figure(grid.figure("instance_prompt.png", "References, then the instance prompt's generations of each arm (seed " + c.seeds.get(0)
                + ", the same noise in every row)"));
        return r.writeTo(dir);
    }

    /** One arm's results over all seeds as one row. */
    private static ArmResult pool(List<ArmResult> arms, String arm, int k) {
        int images = 0, robust = 0;
        int[] hits = new int[k];
        double[] conf = new double[k];
        List<Double> sim = new ArrayList<>(), perc = new ArrayList<>();
        List<Integer> judge = new ArrayList<>();
        for (ArmResult a : arms) {
            if (!a.arm().equals(arm)) continue;
            images += a.images();
            robust += a.robustHits();
            for (int i = 0; i < k; i++) {
                hits[i] += a.spuriousHits()[i];
                conf[i] += a.spuriousConfidence()[i];
            }
            for (double v : a.similarity()) sim.add(v);
            for (double v : a.perceptual()) perc.add(v);
            for (int v : a.judgeClassPrompt()) judge.add(v);
        }
        return new ArmResult(arm, -1, images, hits, conf, robust, sim.stream().mapToDouble(Double::doubleValue).toArray(),
                perc.stream().mapToDouble(Double::doubleValue).toArray(), judge.stream().mapToInt(Integer::intValue).toArray(), Map.of());
    }

    private static String metrics(Map<String, Double> m) {
        if (m == null || m.isEmpty()) return "";
        StringBuilder sb = new StringBuilder();
        m.forEach((key, v) -> {
            if (!key.equals("lr")) sb.append(String.format(Locale.ROOT, "%s %.4g, ", key, v));
        });
        return sb.length() > 2 ? sb.substring(0, sb.length() - 2) : "";
    }
}
