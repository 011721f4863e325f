package dev.mamori.methods.genattack.attack;

import dev.mamori.eval.metrics.BootstrapInterval;
import dev.mamori.eval.metrics.Estimate;
import dev.mamori.eval.metrics.FrechetDistance;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.eval.metrics.Psnr;
import dev.mamori.eval.metrics.Ssim;
import dev.mamori.eval.report.ExperimentReport;
import dev.mamori.eval.report.Figure;
import dev.mamori.eval.report.ImageGrid;
import dev.mamori.eval.report.Table;
import dev.mamori.methods.common.judge.IndependentClassifier;
import dev.mamori.methods.common.judge.Judge;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Scores reconstruction attacks against one encryption scheme on the same test images and the same encryptions (keys
 * unseen by every attack's training): per attack, mean PSNR, SSIM and perceptual distance to the plain images, and
 * the judge classifier's class agreement (its class on the reconstruction equals its class on the plain image), each
 * with a 95% bootstrap interval over images; and, paired image by image, each attack's gain over the encrypted image
 * itself ({@link EncryptedImageBaseline}), with its interval. A gain whose interval lies above 0 is an attack that
 * recovers more than the encrypted image shows.
 */
public final class SchemeComparison {
    /** PSNR of identical images is infinite; it is capped here so that means and intervals stay finite. */
    static final double PSNR_CAP = 100;

    private SchemeComparison() {
    }

    /** The judge's predicted classes of images [N, C, H, W] in [0, 1]. */
    @FunctionalInterface
    public interface ClassJudge {
        int[] predict(INDArray images);
    }

    /** Per-image perceptual distances between two batches of the same shape (lower: more alike). */
    @FunctionalInterface
    public interface PerceptualDistance {
        double[] perImage(INDArray reference, INDArray other);
    }

    /** Pooled features [N, D] of images [N, C, H, W] in [0, 1] (the judge's, for the FID-style distance). */
    @FunctionalInterface
    public interface Features {
        INDArray of(INDArray images);
    }

    /**
     * What scores the reconstructions besides PSNR and SSIM; a null judge, perceptual distance or feature network is
     * reported as not measured.
     *
     * @param perceptualName how reports name the perceptual distance (e.g. "perceptual (ConvMixer judge features)")
     * @param features       the feature network of the FID-style distance between the reconstructions and the plain images
     * @param seed           the bootstrap's seed
     */
    public record Scorers(ClassJudge judge, PerceptualDistance perceptual, String perceptualName, Features features, long seed) {
        /** PSNR and SSIM only. */
        public static Scorers pixelsOnly(long seed) {
            return new Scorers(null, null, "perceptual distance", null, seed);
        }

        /**
         * The judge's classes and its LPIPS-style perceptual distance ({@link Judge}, a ConvMixer judge). A judge whose
         * held-out accuracy is not above chance ({@link Judge#beatsChance()}) gives no class agreement: it is not measured.
         */
        public static Scorers of(Judge judge, long seed) {
            IndependentClassifier c = judge.classifier();
            PerceptualDistance p = c.hasFeatureMaps() ? judge.perceptualDistance()::between : null;
            return new Scorers(judge.beatsChance() ? c::predict : null, p, "perceptual distance (ours, " + c.info().architecture() + " judge)",
                    c::features, seed);
        }
    }

    /**
     * The test images of one scheme: plain [N, C, H, W] in [0, 1], their encryptions as the scheme's encoder made them
     * (each with a key no attack trained on), and their labels (may be null).
     */
    public record Targets(String scheme, INDArray plain, INDArray encrypted, int[] labels) {
        public Targets {
            Objects.requireNonNull(scheme, "scheme");
            if (plain.size(0) != encrypted.size(0)) {
                throw new IllegalArgumentException(plain.size(0) + " plain images but " + encrypted.size(0) + " encrypted ones");
            }
            if (labels != null && labels.length != plain.size(0)) throw new IllegalArgumentException(labels.length + " labels for " + plain.size(0) + " images");
        }
    }

    /**
     * One attack's scores. Gains are paired differences against the encrypted-image baseline, signed so that positive
     * is better for the attack (PSNR, SSIM and agreement up; perceptual distance down); the baseline's own gains are 0.
     * Perceptual and agreement values are null where not measured; {@code accuracy} is null without labels.
     * {@code frechet} is the FID-style distance (ours: Fréchet distance of Gaussians fitted to the judge's pooled features)
     * between all the attack's reconstructions and the plain images, lower is nearer; null where not measured. It has
     * no interval: it is one number per set, and with a few hundred images per set it is biased upwards, so compare it
     * only between attacks on the same images.
     */
    public record AttackScores(String attack, Estimate psnr, Estimate ssim, Estimate perceptual, Proportion agreement, Proportion accuracy,
                               Double frechet, Estimate psnrGain, Estimate ssimGain, Estimate perceptualGain, Estimate agreementGain, INDArray examples) {
        /** The gains that were measured, by metric name. */
        public List<Estimate> measuredGains() {
            List<Estimate> out = new ArrayList<>(List.of(psnrGain, ssimGain));
            if (perceptualGain != null) out.add(perceptualGain);
            if (agreementGain != null) out.add(agreementGain);
            return out;
        }
    }

    /** The scores of every attack on one scheme (the baseline first), and a few examples for the grid. */
    public record Result(String scheme, int images, Proportion judgeAccuracyOnPlain, String perceptualName, List<AttackScores> attacks,
                         INDArray examplePlain) {
        public AttackScores attack(String name) {
            return attacks.stream().filter(a -> a.attack().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no attack '" + name + "' in " + scheme + "'s comparison"));
        }

        public AttackScores baseline() {
            return attacks.get(0);
        }
    }

    /**
     * Scores {@code baseline} (the encrypted image itself) and {@code attacks} on {@code targets}; {@code examples}
     * images of each are kept for a grid.
     */
    public static Result compare(Targets targets, ReconstructionAttack baseline, List<ReconstructionAttack> attacks, Scorers scorers, int examples) {
        INDArray plain = targets.plain();
        int n = (int) plain.size(0);
        int k = Math.min(examples, n);
        int[] plainClasses = scorers.judge() == null ? null : scorers.judge().predict(plain);
        Proportion judgeAccuracy = plainClasses == null || targets.labels() == null ? null : Proportion.of(matches(plainClasses, targets.labels()), n);
        INDArray plainFeatures = scorers.features() == null ? null : scorers.features().of(plain);
        PerImage base = measure(baseline, targets, scorers, plainClasses, plainFeatures);
        List<AttackScores> out = new ArrayList<>();
        out.add(base.scores(null, scorers.seed(), k));
        for (ReconstructionAttack a : attacks) out.add(measure(a, targets, scorers, plainClasses, plainFeatures).scores(base, scorers.seed(), k));
        return new Result(targets.scheme(), n, judgeAccuracy, scorers.perceptualName(), List.copyOf(out), first(plain, k));
    }

    /** One attack's per-image numbers. */
    private record PerImage(String attack, INDArray reconstructed, double[] psnr, double[] ssim, double[] perceptual, double[] agree, double[] correct,
                            Double frechet) {
        AttackScores scores(PerImage base, long seed, int k) {
            return new AttackScores(attack, mean(psnr, seed), mean(ssim, seed + 1), perceptual == null ? null : mean(perceptual, seed + 2),
                    agree == null ? null : Proportion.of(count(agree), agree.length), correct == null ? null : Proportion.of(count(correct), correct.length),
                    frechet,
                    gain(psnr, base == null ? psnr : base.psnr, 1, seed + 3), gain(ssim, base == null ? ssim : base.ssim, 1, seed + 4),
                    perceptual == null ? null : gain(perceptual, base == null ? perceptual : base.perceptual, -1, seed + 5),
                    agree == null ? null : gain(agree, base == null ? agree : base.agree, 1, seed + 6), first(reconstructed, k));
        }
    }

    private static PerImage measure(ReconstructionAttack attack, Targets t, Scorers s, int[] plainClasses, INDArray plainFeatures) {
        INDArray rec = attack.reconstruct(t.encrypted());
        if (!Arrays.equals(rec.shape(), t.plain().shape())) {
            throw new IllegalStateException("attack '" + attack.name() + "' on " + t.scheme() + " returned shape " + Arrays.toString(rec.shape())
                    + " for plain images of shape " + Arrays.toString(t.plain().shape()));
        }
        double[] psnr = Psnr.perImage(t.plain(), rec);
        for (int i = 0; i < psnr.length; i++) psnr[i] = Math.min(psnr[i], PSNR_CAP);
        double[] ssim = Ssim.standard().perImage(t.plain(), rec);
        double[] perceptual = s.perceptual() == null ? null : s.perceptual().perImage(t.plain(), rec);
        double[] agree = null, correct = null;
        if (plainClasses != null) {
            int[] classes = s.judge().predict(rec);
            agree = new double[classes.length];
            for (int i = 0; i < classes.length; i++) agree[i] = classes[i] == plainClasses[i] ? 1 : 0;
            if (t.labels() != null) {
                correct = new double[classes.length];
                for (int i = 0; i < classes.length; i++) correct[i] = classes[i] == t.labels()[i] ? 1 : 0;
            }
        }
        Double frechet = plainFeatures == null ? null : FrechetDistance.of(s.features().of(rec), plainFeatures);
        return new PerImage(attack.name(), rec, psnr, ssim, perceptual, agree, correct, frechet);
    }

    /** Mean of sign * (attack - baseline) per image, with a bootstrap interval over images. */
    static Estimate gain(double[] attack, double[] baseline, int sign, long seed) {
        double[] d = new double[attack.length];
        for (int i = 0; i < d.length; i++) d[i] = sign * (attack[i] - baseline[i]);
        return mean(d, seed);
    }

    private static Estimate mean(double[] v, long seed) {
        return BootstrapInterval.ofMean(v, seed);
    }

    private static long count(double[] indicator) {
        long c = 0;
        for (double v : indicator) if (v > 0.5) c++;
        return c;
    }

    private static long matches(int[] a, int[] b) {
        long c = 0;
        for (int i = 0; i < a.length; i++) if (a[i] == b[i]) c++;
        return c;
    }

    private static INDArray first(INDArray x, int k) {
        return x.get(NDArrayIndex.interval(0, k)).dup('c');
    }

    // ------------------------------------------------------------------ report

    /**
     * One row per scheme and attack: PSNR, SSIM, perceptual distance and judge agreement with intervals, and the paired
     * gains over the encrypted image (positive: better than the encrypted image).
     */
    public static Table table(String title, List<Result> results) {
        String perceptual = results.isEmpty() ? "perceptual distance" : results.get(0).perceptualName();
        Table t = Table.of(title, "scheme", "attack", "PSNR (dB)", "SSIM", perceptual, "judge agreement", "Fréchet distance (judge features)",
                "PSNR gain", "SSIM gain", "perceptual gain", "agreement gain");
        for (Result r : results) {
            for (AttackScores a : r.attacks()) {
                boolean base = a == r.baseline();
                t.row(r.scheme(), a.attack(), a.psnr(), a.ssim(), orNotMeasured(a.perceptual()), orNotMeasured(a.agreement()), frechet(a.frechet()),
                        base ? "-" : a.psnrGain(), base ? "-" : a.ssimGain(), base ? "-" : orNotMeasured(a.perceptualGain()),
                        base ? "-" : orNotMeasured(a.agreementGain()));
            }
        }
        return t;
    }

    /** The FID-style distance as reports print it. */
    public static String frechet(Double d) {
        return d == null ? "not measured" : String.format(java.util.Locale.ROOT, "%.2f", d);
    }

    private static Object orNotMeasured(Object o) {
        return o == null ? "not measured" : o;
    }

    /** Adds {@link #table} and one grid per scheme (plain, then each attack's output, the encrypted image first). */
    public static void addSection(ExperimentReport report, String title, List<Result> results, String filePrefix) {
        report.section(title);
        report.paragraph("Every attack sees the same test images, encrypted with keys none of them trained on. Gains are paired per image against"
                + " the encrypted image itself (positive: the attack shows more of the plain image than the encrypted image does; for the"
                + " perceptual distance, lower distance counts as positive gain). Intervals: 95% percentile bootstrap over images"
                + " (agreement: Wilson). The Fréchet distance is FID-style (ours: Gaussians fitted to the judge's pooled features of all the"
                + " reconstructions and of the plain images; no interval; biased upwards at this sample size, so compare it between attacks only).");
        report.table(table(title, results));
        for (Result r : results) report.figure(grid(r, filePrefix + "-" + r.scheme() + ".png"));
    }

    /** Rows: plain, then each attack's reconstructions (the encrypted image first). */
    public static Figure grid(Result r, String fileName) {
        ImageGrid g = ImageGrid.builder().scale(2).row("plain", r.examplePlain());
        for (AttackScores a : r.attacks()) g.row(a.attack(), a.examples());
        return g.figure(fileName, r.scheme() + ": plain images, the encrypted images as seen, and each attack's reconstructions (keys unseen in training)");
    }
}
