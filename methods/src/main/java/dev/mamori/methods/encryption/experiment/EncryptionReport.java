package dev.mamori.methods.encryption.experiment;

import dev.mamori.eval.metrics.Estimate;
import dev.mamori.eval.metrics.Interval;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.eval.metrics.Summary;
import dev.mamori.eval.report.ExperimentReport;
import dev.mamori.eval.report.ImageGrid;
import dev.mamori.eval.report.Table;
import dev.mamori.eval.report.WrittenReport;
import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.ClaimsSection;
import dev.mamori.methods.encryption.attacks.InverseTranslation;
import dev.mamori.methods.encryption.attacks.NeuraCryptBreak;
import dev.mamori.methods.encryption.catalog.Scheme;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Writes the encryption experiment's report: claims, accuracy beside privacy, the attacks, key spaces, example grids. */
final class EncryptionReport {
    private EncryptionReport() {}

    static WrittenReport write(EncryptionConfig config, List<ClassifierRun> classifiers, List<BreakRun> breaks, List<InverseRun> inversions,
                               List<KeySpaceRow> keySpaces, List<EncryptionExperiment.Examples> examples, List<Claim> claims,
                               Map<String, Duration> timings, double seconds, Path directory) throws IOException {
        ExperimentReport r = ExperimentReport.named("encryption: learnable encryption, NeuraCrypt and Color-NeuraCrypt, and attacks on them")
                .seed(config.trainingSeeds.get(0));
        r.config("experiment", config);
        timings.forEach(r::timing);
        r.timing("total", Duration.ofNanos((long) (seconds * 1e9)));
        r.paragraph(String.format(Locale.ROOT, "Classification on encrypted images and how private each scheme is (docs/METHODS.md items 5 and 7)"
                        + " on %s, for training seeds %s (each classifier also gets its own key). Every classifier trains on the training split"
                        + " encrypted with its seed's key and is tested on the test split encrypted with the same key; no augmentation anywhere"
                        + " (crops and flips cut across blocks). Intervals: 95%% Wilson for accuracies and re-identification, seeded bootstrap for"
                        + " balanced accuracy, PSNR and SSIM. Keys are in keys/ of the run directory (owner-only files); this report shows"
                        + " their random ids only; the keys were %s. Total time %.1f minutes on this machine.", config.datasets, config.trainingSeeds,
                config.reproducibleKeys ? "derived from the seeds (reproducibleKeys, an explicit opt-in: anyone who knows the seeds and this code"
                        + " rebuilds them)" : "drawn from SecureRandom", seconds / 60));

        ClaimsSection.add(r, claims);

        r.section("Accuracy and privacy");
        r.paragraph("Per scheme: the mean test accuracy of its ViT over the training seeds (plain and block-wise schemes: patch = block size "
                + config.blockSize + "; LE: Tanaka's adaptation network + the same ViT; NeuraCrypt schemes: a ViT without position embedding on"
                + " the shuffled tokens), the points lost against the plain ViT, and what an attacker gets: SSIM of the encrypted images to the"
                + " plain ones (visual security), SSIM of the U-Net's reconstructions (inverse translation with fresh keys), and the matching"
                + " attack's re-identification rate. 'vs plain ViT': points against the plain ViT with the 95% Newcombe interval of the"
                + " difference of the test predictions pooled over seeds (the seed spread is beside it). NOT_MEASURED: the measurement applies"
                + " but this run did not make it (not configured); n/a: it does not apply (the U-Net maps images to images, NeuraCrypt"
                + " publishes tokens; the matching attack targets the NeuraCrypt schemes).");
        for (String dataset : config.datasets) r.table(privacyTable(dataset, classifiers, breaks, inversions));

        r.section("Accuracy per seed");
        for (String dataset : config.datasets) r.table(accuracyTable(dataset, classifiers, keySpaces));
        for (ClassifierRun c : classifiers) {
            r.metric(c.dataset() + "." + c.scheme() + "." + c.model() + ".seed" + c.seed() + ".accuracy", c.accuracy());
        }

        if (!breaks.isEmpty()) {
            r.section("Matching attack (Carlini et al.)");
            r.paragraph("The owner encodes the target images in batches of " + config.encodeBatchSize + " with a secret key and publishes them in"
                    + " a shuffled order. The attacker trains a patch-similarity function on (patch, token) moment features from fresh encoders"
                    + " of the same architecture on their own images (disjoint from the targets), undoes each encoding's token shuffle by optimal"
                    + " assignment to a reference, matches encodings to originals by optimal assignment of patches to tokens, then refines through"
                    + " one shared token order. Re-identification: encodings matched to their own original; chance 1/N. The NeuraCrypt challenge"
                    + " rated below 5% good and above 20% bad.");
            r.table(breakTable(breaks));
            for (BreakRun b : breaks) r.metric(b.dataset() + "." + b.scheme() + ".seed" + b.seed() + ".reidentification", b.result().reidentification());
        }

        if (!inversions.isEmpty()) {
            r.section("Visual security and the inverse-translation baseline");
            r.paragraph("PSNR and SSIM against the plain test images of (a) the encrypted images as they look (LE/ELE: nibbles merged back into"
                    + " bytes), each encrypted with its own fresh key, and (b) a U-Net's reconstructions from them; the U-Net was trained on"
                    + " (encrypted, plain) pairs of training images, each pair with a fresh key, so it learned what every key leaves. Budget: "
                    + inversions.get(0).result().config().describe() + ".");
            r.table(inversionTable(inversions));
            for (String dataset : config.datasets) {
                List<InverseRun> all = inversions.stream().filter(i -> i.dataset().equals(dataset)).toList();
                List<InverseRun> mine = all.stream().filter(InverseRuns::hasExamples).toList();
                if (all.size() > mine.size()) {
                    r.paragraph(dataset + ": the example images of " + all.stream().filter(i -> !InverseRuns.hasExamples(i))
                            .map(i -> i.result().scheme() + " (seed " + i.seed() + ")").collect(Collectors.joining(", "))
                            + " are missing: those stages were finished by a run that kept them in its stage folders, which this run"
                            + " directory does not hold; their measurements above are from the journal.");
                }
                if (mine.isEmpty()) continue;
                ImageGrid grid = ImageGrid.builder().row("plain", mine.get(0).result().examplePlain());
                for (InverseRun i : mine) {
                    grid.row(i.result().scheme() + " encrypted", i.result().exampleEncrypted());
                    grid.row(i.result().scheme() + " U-Net", i.result().exampleReconstructed());
                }
                r.figure(grid.figure(dataset + "-unet.png", dataset + ": encrypted test images (fresh keys) and the U-Net's reconstructions"));
            }
        }

        r.section("Encrypted examples");
        for (EncryptionExperiment.Examples e : examples) {
            ImageGrid grid = ImageGrid.builder().row("plain", e.plain());
            e.encrypted().forEach((scheme, images) -> grid.row(scheme, images));
            r.figure(grid.figure(e.dataset() + "-schemes.png", e.dataset() + ": test images encrypted with keys drawn for this grid"));
        }

        r.section("Key spaces");
        r.paragraph("Exact counts for each dataset's image size (log2 shown). 'Distinct' counts keys that encrypt differently; EtC's rotation"
                + " and flip draws give 12 combinations but only 8 symmetries of a block. NeuraCrypt's key is continuous: the bit count of its"
                + " weights is only an upper bound, and the matching attack never searches it.");
        r.table(keySpaceTable(keySpaces));

        r.section("Notes");
        r.paragraph(String.format(Locale.ROOT, "Classifiers: ViT width %d, depth %d, %d heads, MLP ratio %.1f; ConvMixer width %d, depth %d, kernel 5"
                        + " on %s; AdamW lr %g, weight decay %g, one-cycle schedule, batch %d; epochs %s. NeuraCrypt: patch %d, hidden %d, depth %d,"
                        + " tokens of %d; Color-NeuraCrypt combines channels by %s (our reconstruction). The published NeuraCrypt uses 16 x 16 patches"
                        + " of 256 x 256 images with a 2048-wide encoder; our images are 32 x 32 and 28 x 28, so the scale differs from the papers'.",
                config.vitDim, config.vitDepth, config.vitHeads, config.vitMlpRatio, config.convMixerDim, config.convMixerDepth, config.convMixerSchemes,
                config.lr, config.weightDecay, config.batchSize, epochsText(config), config.blockSize, config.neuraCryptHidden, config.neuraCryptDepth,
                config.neuraCryptOutputDim, config.colorNeuraCryptCombine));
        return r.writeTo(directory);
    }

    // ------------------------------------------------------------------ tables

    static Table privacyTable(String dataset, List<ClassifierRun> classifiers, List<BreakRun> breaks, List<InverseRun> inversions) {
        Table t = Table.of(dataset + ": accuracy beside privacy", "scheme", "model", "mean accuracy", "seed spread (sd)",
                "vs plain ViT (points, 95% Newcombe)", "SSIM encrypted", "SSIM U-Net", "re-identification").showIntervals(false);
        Optional<Double> plain = meanAccuracy(classifiers, dataset, EncryptionExperiment.PLAIN, "vit");
        Proportion plainPooled = pooled(runs(classifiers, dataset, EncryptionExperiment.PLAIN, "vit"));
        for (String scheme : schemesOf(classifiers, dataset)) {
            for (String model : modelsOf(classifiers, dataset, scheme)) {
                List<ClassifierRun> runs = runs(classifiers, dataset, scheme, model);
                Summary s = Summary.of(runs.stream().mapToDouble(c -> 100 * c.accuracy().value()).toArray());
                Optional<InverseRun> inv = inversions.stream().filter(i -> i.dataset().equals(dataset) && i.result().scheme().equals(scheme)).findFirst();
                Optional<BreakRun> br = breaks.stream().filter(b -> b.dataset().equals(dataset) && b.scheme().equals(scheme)).findFirst();
                boolean isPlain = scheme.equals(EncryptionExperiment.PLAIN);
                boolean tokens = Scheme.fromConfigName(isPlain ? "etc" : scheme).isNeuraCrypt();
                t.row(scheme, model, pct(s.mean()), Double.isNaN(s.std()) ? "n/a (one seed)" : String.format(Locale.ROOT, "%.1f", s.std()),
                        isPlain && model.equals("vit") ? "baseline" : plain.isEmpty() ? NOT_MEASURED : difference(pooled(runs), plainPooled),
                        inv.map(i -> String.format(Locale.ROOT, "%.3f", i.result().encrypted().ssim().value()))
                                .orElse(isPlain ? "1" : tokens ? "n/a (tokens, not an image)" : NOT_MEASURED),
                        inv.map(i -> String.format(Locale.ROOT, "%.3f", i.result().reconstructed().ssim().value()))
                                .orElse(isPlain ? "n/a" : tokens ? "n/a (tokens, not an image)" : NOT_MEASURED),
                        br.map(b -> wilson(b.result().reidentification()) + " (chance " + pct(100 * b.result().chance()) + ")")
                                .orElse(isPlain ? "n/a" : tokens ? NOT_MEASURED : "n/a (matching attack is for NeuraCrypt schemes)"));
            }
        }
        return t;
    }

    static Table accuracyTable(String dataset, List<ClassifierRun> classifiers, List<KeySpaceRow> keySpaces) {
        Table t = Table.of(dataset + ": test accuracy per training seed", "scheme", "model", "per seed (95% Wilson)", "mean", "balanced accuracy (mean)",
                "parameters", "train s (mean)", "encryption images/s (mean)", "key space (distinct)").showIntervals(false);
        for (String scheme : schemesOf(classifiers, dataset)) {
            for (String model : modelsOf(classifiers, dataset, scheme)) {
                List<ClassifierRun> runs = runs(classifiers, dataset, scheme, model);
                String perSeed = runs.stream().map(c -> "seed " + c.seed() + ": " + wilson(c.accuracy())).collect(Collectors.joining("; "));
                double mean = runs.stream().mapToDouble(c -> 100 * c.accuracy().value()).average().orElse(Double.NaN);
                double balanced = runs.stream().mapToDouble(c -> 100 * c.balancedAccuracy().value()).average().orElse(Double.NaN);
                double secs = runs.stream().mapToDouble(ClassifierRun::trainSeconds).average().orElse(Double.NaN);
                double rate = runs.stream().mapToDouble(ClassifierRun::encryptImagesPerSecond).average().orElse(0);
                String space = keySpaces.stream().filter(k -> k.dataset().equals(dataset) && k.scheme().equals(scheme)).findFirst()
                        .map(k -> k.keySpace().describeDistinct()).orElse("-");
                t.row(scheme, model, perSeed, pct(mean), pct(balanced), runs.get(0).parameters(), Math.round(secs), rate > 0 ? Math.round(rate) : null, space);
            }
        }
        return t;
    }

    static Table breakTable(List<BreakRun> breaks) {
        Table t = Table.of("Matching attack: re-identification", "dataset", "scheme", "attack seed", "owner key", "targets", "stages",
                "re-identification (95% Wilson)", "chance", "held-out pair accuracy of the patch matcher", "seconds").showIntervals(false);
        for (BreakRun b : breaks) {
            NeuraCryptBreak.Result r = b.result();
            String stages = r.stages().stream().map(s -> pct(100 * s.accuracy().value())).collect(Collectors.joining(" -> "));
            t.row(b.dataset(), b.scheme(), b.seed(), b.keyId(), r.targets(), stages, wilson(r.reidentification()), pct(100 * r.chance()),
                    pct(100 * r.training().heldOutPairAccuracy()), Math.round(r.seconds()));
        }
        return t;
    }

    static Table inversionTable(List<InverseRun> inversions) {
        Table t = Table.of("Visual security and the U-Net baseline", "dataset", "scheme", "images", "PSNR encrypted (dB)", "SSIM encrypted",
                "PSNR U-Net (dB)", "SSIM U-Net", "U-Net final MSE", "U-Net train s").showIntervals(false);
        for (InverseRun i : inversions) {
            InverseTranslation.Result r = i.result();
            t.row(i.dataset(), r.scheme(), r.encrypted().images(), estimate(r.encrypted().psnr(), "%.2f"), estimate(r.encrypted().ssim(), "%.3f"),
                    estimate(r.reconstructed().psnr(), "%.2f"), estimate(r.reconstructed().ssim(), "%.3f"),
                    String.format(Locale.ROOT, "%.4f", r.training().finalLoss()), Math.round(r.training().seconds()));
        }
        return t;
    }

    static Table keySpaceTable(List<KeySpaceRow> rows) {
        Table t = Table.of("Key spaces", "dataset", "images", "scheme", "log2 keys", "log2 distinct", "count", "note");
        for (KeySpaceRow k : rows) {
            t.row(k.dataset(), k.geometry().toString(), k.scheme(), String.format(Locale.ROOT, "%.1f", k.keySpace().log2Keys()),
                    String.format(Locale.ROOT, "%.1f", k.keySpace().log2Distinct()), k.keySpace().formula(), k.keySpace().note());
        }
        return t;
    }

    // ------------------------------------------------------------------ helpers

    /** What a table cell shows for a measurement that applies but was not made. */
    static final String NOT_MEASURED = "NOT_MEASURED";

    /** The test predictions of all seeds' models together (the seed spread is shown beside it). */
    private static Proportion pooled(List<ClassifierRun> runs) {
        return Proportion.of(runs.stream().mapToLong(c -> c.accuracy().successes()).sum(), runs.stream().mapToLong(c -> c.accuracy().trials()).sum());
    }

    private static String difference(Proportion p, Proportion baseline) {
        if (p.isEmpty() || baseline.isEmpty()) return NOT_MEASURED;
        Interval d = p.differenceFrom(baseline);
        return String.format(Locale.ROOT, "%+.1f [%+.1f, %+.1f]", 100 * (p.value() - baseline.value()), 100 * d.lower(), 100 * d.upper());
    }

    private static List<String> schemesOf(List<ClassifierRun> classifiers, String dataset) {
        List<String> out = new ArrayList<>();
        out.add(EncryptionExperiment.PLAIN);
        for (Scheme s : Scheme.values()) if (classifiers.stream().anyMatch(c -> c.dataset().equals(dataset) && c.scheme().equals(s.configName()))) out.add(s.configName());
        return out;
    }

    private static List<String> modelsOf(List<ClassifierRun> classifiers, String dataset, String scheme) {
        return classifiers.stream().filter(c -> c.dataset().equals(dataset) && c.scheme().equals(scheme)).map(ClassifierRun::model).distinct().toList();
    }

    private static List<ClassifierRun> runs(List<ClassifierRun> classifiers, String dataset, String scheme, String model) {
        return classifiers.stream().filter(c -> c.dataset().equals(dataset) && c.scheme().equals(scheme) && c.model().equals(model)).toList();
    }

    private static Optional<Double> meanAccuracy(List<ClassifierRun> classifiers, String dataset, String scheme, String model) {
        List<ClassifierRun> r = runs(classifiers, dataset, scheme, model);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.stream().mapToDouble(c -> 100 * c.accuracy().value()).average().getAsDouble());
    }

    private static String epochsText(EncryptionConfig config) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String d : config.datasets) m.put(d, config.settings(d).epochs);
        return m.toString();
    }

    static String pct(double percent) {
        return String.format(Locale.ROOT, "%.1f%%", percent);
    }

    static String wilson(Proportion p) {
        Interval ci = p.wilson();
        return String.format(Locale.ROOT, "%.1f%% [%.1f, %.1f]", 100 * p.value(), 100 * ci.lower(), 100 * ci.upper());
    }

    private static String estimate(Estimate e, String format) {
        return String.format(Locale.ROOT, format + " [" + format + ", " + format + "]", e.value(), e.interval().lower(), e.interval().upper());
    }
}
