package dev.mamori.methods.genattack.experiment;

import dev.mamori.eval.metrics.Estimate;
import dev.mamori.eval.metrics.Summary;
import dev.mamori.eval.report.ExperimentReport;
import dev.mamori.eval.report.Figure;
import dev.mamori.eval.report.Table;
import dev.mamori.eval.report.WrittenReport;
import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.ClaimsSection;
import dev.mamori.methods.common.judge.Judge;
import dev.mamori.methods.encryption.attacks.InverseTranslation;
import dev.mamori.methods.genattack.attack.EncryptedImageBaseline;
import dev.mamori.methods.genattack.attack.SchemeComparison;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The report of {@link GenAttackGanExperiment}: setup and budgets, the tables over seeds and per seed, grids, claims. */
final class GenAttackGanReport {
    private GenAttackGanReport() {
    }

    static WrittenReport write(GenAttackGanConfig cfg, Judge judge, GenAttackGanExperiment.Data d, List<ComparisonRow> rows, List<AttributeRow> attributes,
                               List<Claim> claims, Map<String, Path> grids, double seconds, int skipped, Path dir) throws IOException {
        ExperimentReport r = ExperimentReport.named("genattack-gan").seed(cfg.seed);
        r.config(Map.of("dataset", cfg.dataset, "schemes", cfg.schemes, "attackSeeds", cfg.attackSeeds, "testImages", d.test().size(0),
                "trainImages", d.train().size(0), "blockSize", cfg.blockSize));
        r.timing("run", Duration.ofMillis((long) (seconds * 1000)));
        r.section("Setup");
        r.paragraph(String.format(Locale.ROOT, "Dataset %s: the attacker's models train on %d training images; %d test images are attacked, each"
                        + " encrypted with a key of its own that no attack trained on (%s). Schemes: %s, block size %d. %d attack seeds.%s",
                cfg.dataset, d.train().size(0), d.test().size(0), cfg.reproducibleKeys ? "derived from the seeds: anyone with the seeds rebuilds them"
                        : "drawn from SecureRandom and never stored", String.join(", ", cfg.schemes), cfg.blockSize, cfg.attackSeeds.size(),
                skipped > 0 ? " " + skipped + " stages were finished before this run was resumed and read back." : ""));
        r.paragraph(cfg.ganFile.isBlank()
                ? String.format(Locale.ROOT, "Generator: %s trained in the run on %s images for %d epochs (one generator shared by the seeds; the"
                + " attack seeds vary the encoder, the U-Net, the classifiers and the test keys).", cfg.gan.model,
                cfg.gan.trainSubset == 0 ? "all training" : String.valueOf(cfg.gan.trainSubset), cfg.gan.epochs)
                : "Generator: the given file " + Path.of(cfg.ganFile).getFileName() + ".");
        r.paragraph(String.format(Locale.ROOT, "Encoder attack: pSp-style encoder %d wide, %d epochs, batch %d, Adam lr %g, latent weight %g, a fresh key"
                        + " per training pair, decoded through the frozen generator without noise. U-Net baseline: %s.", cfg.encoderWidth, cfg.encoderEpochs,
                cfg.encoderBatchSize, cfg.encoderLr, cfg.latentWeight, new InverseTranslation.Config(cfg.unetSteps, cfg.unetBatchSize, cfg.unetLr,
                        cfg.unetBaseChannels, cfg.unetDepth, 0).describe()));
        r.paragraph("Judge: " + judge.classifier().info().architecture() + " trained on the real training images only"
                + (judge.testAccuracy() == null ? " (given file; its accuracy was not measured here)"
                : String.format(Locale.ROOT, ", held-out accuracy %.1f%% (%s)", 100 * judge.testAccuracy().value(), judge.testAccuracy())
                        + (judge.beatsChance() ? "" : ", not above chance, so class agreement is not measured"))
                + ". The perceptual distance is ours (LPIPS-style, unit-normalized differences of the judge's ConvMixer feature maps), comparable only"
                + " within this report, never with published LPIPS values. Class agreement: the judge's class on the reconstruction equals its class on the"
                + " plain image.");

        r.section("Reconstructions over seeds");
        r.table(summaryTable(cfg, rows));
        r.section("Reconstructions per seed");
        r.paragraph("Gains are paired per image against the encrypted image itself; positive is better for the attack (for the perceptual distance:"
                + " a lower distance). Intervals: 95% bootstrap over images; agreement: Wilson.");
        r.table(perSeedTable(rows));

        if (cfg.attributesMeasured()) {
            r.section("EtC face attack: attributes");
            r.paragraph(String.format(Locale.ROOT, "A multi-head attribute classifier (%s) trained on plain faces reads the plain test faces, the encrypted"
                            + " faces and each attack's reconstructions; a classifier of the same architecture trained on faces encrypted with a fresh key per"
                            + " image reads the encrypted test faces (the upper bound of what a learner gets from the encrypted images). Balanced accuracy"
                            + " over the classes with at least %d test images (others left out); an attribute with fewer than two such classes is not"
                            + " measured. Mean and spread over %d seeds.",
                    GenAttackGanExperiment.attributeSettings(cfg, 0, "").describe(), cfg.minPerClass, cfg.attackSeeds.size()));
            r.table(attributeTable(cfg, attributes));
        }

        r.section("Grids");
        long first = cfg.attackSeeds.get(0);
        for (var e : grids.entrySet()) {
            if (!e.getKey().startsWith("seed" + first + "/")) continue;
            String scheme = e.getKey().substring(e.getKey().indexOf('/') + 1);
            r.figure(Figure.of("grid-" + scheme + ".png", scheme + ", seed " + first + ": plain, encrypted (as seen), StyleGAN encoder and U-Net"
                    + " reconstructions (keys unseen in training)", GenAttackGanExperiment.readGrid(e.getValue())));
        }
        ClaimsSection.add(r, claims);
        return r.writeTo(dir.resolve("report"));
    }

    private static Table summaryTable(GenAttackGanConfig cfg, List<ComparisonRow> rows) {
        Table t = Table.of("Mean over attack seeds (spread: seed standard deviation)", "scheme", "attack", "PSNR (dB)", "SSIM", "perceptual distance",
                "judge agreement", "Fréchet distance (judge features)", "seeds beating the encrypted image (PSNR/SSIM/perceptual/agreement)");
        for (String scheme : cfg.schemes) {
            Set<String> attacks = new LinkedHashSet<>();
            rows.stream().filter(x -> x.scheme().equals(scheme)).forEach(x -> attacks.add(x.attack()));
            for (String attack : attacks) {
                List<ComparisonRow> rs = rows.stream().filter(x -> x.scheme().equals(scheme) && x.attack().equals(attack)).toList();
                boolean base = attack.equals(EncryptedImageBaseline.NAME);
                t.row(scheme, attack, summary(rs, ComparisonRow::psnr), summary(rs, ComparisonRow::ssim), summary(rs, ComparisonRow::perceptual),
                        summary(rs, x -> x.agreement() == null ? null : new Estimate(x.agreement().value(), x.agreement().wilson())),
                        rs.stream().anyMatch(x -> x.frechet() == null) ? "not measured" : Summary.of(rs.stream().map(ComparisonRow::frechet).toList()),
                        base ? "-" : beating(rs, ComparisonRow::psnrGain) + "/" + beating(rs, ComparisonRow::ssimGain) + "/"
                                + beating(rs, ComparisonRow::perceptualGain) + "/" + beating(rs, ComparisonRow::agreementGain));
            }
        }
        return t;
    }

    private static Object summary(List<ComparisonRow> rs, Function<ComparisonRow, Estimate> f) {
        if (rs.stream().anyMatch(x -> f.apply(x) == null)) return "not measured";
        return Summary.of(rs.stream().map(x -> f.apply(x).value()).toList());
    }

    private static String beating(List<ComparisonRow> rs, Function<ComparisonRow, Estimate> gain) {
        if (rs.stream().anyMatch(x -> gain.apply(x) == null)) return "n/m";
        return rs.stream().filter(x -> gain.apply(x).interval().lower() > 0).count() + "";
    }

    private static Table perSeedTable(List<ComparisonRow> rows) {
        Table t = Table.of("Per attack seed", "seed", "scheme", "attack", "PSNR (dB)", "SSIM", "perceptual distance", "judge agreement",
                "Fréchet distance (judge features)", "PSNR gain", "SSIM gain", "perceptual gain", "agreement gain");
        for (ComparisonRow x : rows) {
            boolean base = x.attack().equals(EncryptedImageBaseline.NAME);
            t.row(x.seed(), x.scheme(), x.attack(), x.psnr(), x.ssim(), nm(x.perceptual()), nm(x.agreement()), SchemeComparison.frechet(x.frechet()),
                    base ? "-" : x.psnrGain(),
                    base ? "-" : x.ssimGain(), base ? "-" : nm(x.perceptualGain()), base ? "-" : nm(x.agreementGain()));
        }
        return t;
    }

    private static Object nm(Object o) {
        return o == null ? "not measured" : o;
    }

    private static Table attributeTable(GenAttackGanConfig cfg, List<AttributeRow> attributes) {
        Table t = Table.of("Balanced accuracy per attribute (mean over seeds, spread: seed standard deviation)", "scheme", "attribute", "reader",
                "balanced accuracy", "chance", "seeds above chance", "classes scored");
        for (String scheme : cfg.attributeSchemes) {
            Set<String> names = new LinkedHashSet<>(), readers = new LinkedHashSet<>();
            attributes.stream().filter(a -> a.scheme().equals(scheme)).forEach(a -> {
                names.add(a.accuracy().attribute());
                readers.add(a.reader());
            });
            for (String attr : names) {
                for (String reader : readers) {
                    List<AttributeRow> rs = attributes.stream().filter(a -> a.scheme().equals(scheme) && a.reader().equals(reader)
                            && a.accuracy().attribute().equals(attr)).toList();
                    if (rs.isEmpty()) continue;
                    if (rs.stream().anyMatch(a -> !a.accuracy().measured())) {
                        t.row(scheme, attr, reader, "not measured", "-", "-", rs.get(0).accuracy().notMeasured());
                        continue;
                    }
                    List<Double> v = new ArrayList<>();
                    rs.forEach(a -> v.add(a.accuracy().balancedAccuracy().value()));
                    t.row(scheme, attr, reader, Summary.of(v), rs.get(0).accuracy().chance(), rs.stream().filter(a -> a.accuracy().aboveChance()).count()
                            + "/" + rs.size(), String.join(", ", rs.get(0).accuracy().classesScored()));
                }
            }
        }
        return t;
    }
}
