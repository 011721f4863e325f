package dev.mamori.methods.encryption.experiment;

import dev.mamori.eval.metrics.Interval;
import dev.mamori.methods.common.Claim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The claims of the encryption experiment, each decided by a rule fixed before the numbers: Color-NeuraCrypt's
 * motivation and result (Qi, MaungMaung and Kiya 2023), Carlini et al.'s break of NeuraCrypt and whether it carries
 * over to Color-NeuraCrypt (our question), and whether the U-Net baseline sees more than the encrypted images show.
 * Accuracies are of the ViT (token ViT for NeuraCrypt) of each training seed; a case per seed.
 */
final class EncryptionClaims {
    /** The NeuraCrypt challenge's rating: re-identification above 20% is a break ("bad"). */
    static final double BROKEN = 0.20;
    /** "Most of the loss": more than half of the accuracy NeuraCrypt loses is recovered. */
    static final double MOST = 0.5;

    private final EncryptionConfig config;
    private final List<ClassifierRun> classifiers;
    private final List<BreakRun> breaks;
    private final List<InverseRun> inversions;

    EncryptionClaims(EncryptionConfig config, List<ClassifierRun> classifiers, List<BreakRun> breaks, List<InverseRun> inversions) {
        this.config = config;
        this.classifiers = classifiers;
        this.breaks = breaks;
        this.inversions = inversions;
    }

    List<Claim> all() {
        return List.of(colourLoss(), colorNeuraCryptRecovers(), breakNeuraCrypt(), breakColorNeuraCrypt(), unetBeatsEncryption());
    }

    /** NeuraCrypt's accuracy drop from the plain ViT is larger on the colour dataset than on the gray one, seed by seed. */
    Claim colourLoss() {
        String statement = "NeuraCrypt loses more accuracy on colour images than on gray images (the motivation of Color-NeuraCrypt, Qi et al. 2023).";
        String rule = "per training seed: (plain ViT - NeuraCrypt token ViT) in points on the colour dataset exceeds the same drop on the gray dataset";
        Optional<String> colour = datasetWithChannels(3), gray = datasetWithChannels(1);
        if (colour.isEmpty() || gray.isEmpty() || !config.schemes.contains("neuracrypt")) {
            return Claim.notMeasured(statement, rule, "needs a colour and a gray dataset and the neuracrypt scheme; configured datasets " + config.datasets
                    + ", schemes " + config.schemes);
        }
        int pass = 0, cases = 0;
        List<String> lines = new ArrayList<>();
        for (long seed : config.trainingSeeds) {
            OptionalDouble dc = drop(colour.get(), "neuracrypt", seed), dg = drop(gray.get(), "neuracrypt", seed);
            if (dc.isEmpty() || dg.isEmpty()) continue;
            cases++;
            if (dc.getAsDouble() > dg.getAsDouble()) pass++;
            lines.add(String.format(Locale.ROOT, "seed %d: %s drop %+.1f points vs %s drop %+.1f points", seed, colour.get(), dc.getAsDouble(), gray.get(),
                    dg.getAsDouble()));
        }
        return Claim.decide(statement, pass, cases, rule, String.join("; ", lines) + ". Plain accuracy levels differ between the datasets: "
                + plainLevels() + ".");
    }

    /** Color-NeuraCrypt recovers more than half of NeuraCrypt's loss on the colour dataset. */
    Claim colorNeuraCryptRecovers() {
        String statement = "Color-NeuraCrypt recovers most of NeuraCrypt's accuracy loss on colour images (Qi et al. 2023).";
        String rule = "per training seed on the colour dataset: (Color-NeuraCrypt - NeuraCrypt) / (plain - NeuraCrypt) > " + MOST
                + "; a seed where NeuraCrypt loses nothing has nothing to recover and is no case";
        Optional<String> colour = datasetWithChannels(3);
        if (colour.isEmpty() || !config.schemes.contains("neuracrypt") || !config.schemes.contains("color_neuracrypt")) {
            return Claim.notMeasured(statement, rule, "needs a colour dataset and both NeuraCrypt schemes");
        }
        int pass = 0, cases = 0;
        List<String> lines = new ArrayList<>();
        for (long seed : config.trainingSeeds) {
            OptionalDouble plain = accuracy(colour.get(), EncryptionExperiment.PLAIN, seed), nc = accuracy(colour.get(), "neuracrypt", seed),
                    cnc = accuracy(colour.get(), "color_neuracrypt", seed);
            if (plain.isEmpty() || nc.isEmpty() || cnc.isEmpty()) continue;
            double loss = plain.getAsDouble() - nc.getAsDouble();
            if (loss <= 0) {
                lines.add(String.format(Locale.ROOT, "seed %d: NeuraCrypt lost nothing (%.1f%% vs plain %.1f%%)", seed, nc.getAsDouble(), plain.getAsDouble()));
                continue;
            }
            double recovered = (cnc.getAsDouble() - nc.getAsDouble()) / loss;
            cases++;
            if (recovered > MOST) pass++;
            lines.add(String.format(Locale.ROOT, "seed %d: plain %.1f%%, NeuraCrypt %.1f%%, Color-NeuraCrypt %.1f%%: %.0f%% of the loss recovered", seed,
                    plain.getAsDouble(), nc.getAsDouble(), cnc.getAsDouble(), 100 * recovered));
        }
        if (cases == 0) return Claim.notMeasured(statement, rule, String.join("; ", lines) + (lines.isEmpty() ? "no trained models" : "") + ".");
        return Claim.decide(statement, pass, cases, rule, String.join("; ", lines) + ".");
    }

    Claim breakNeuraCrypt() {
        return broken("neuracrypt", "Carlini et al.'s matching attack re-identifies NeuraCrypt-encoded images (\"NeuraCrypt is not private\", 2021).");
    }

    Claim breakColorNeuraCrypt() {
        return broken("color_neuracrypt", "The same matching attack still re-identifies Color-NeuraCrypt-encoded images (our question; Color-NeuraCrypt"
                + " keeps NeuraCrypt's structure: per-patch random encoders and a per-image token shuffle).");
    }

    private Claim broken(String scheme, String statement) {
        String rule = "per dataset and attack seed: the lower end of the 95% Wilson interval of re-identification exceeds the NeuraCrypt challenge's"
                + " 'bad' rating of " + (int) (100 * BROKEN) + "% (chance is 1/N)";
        int pass = 0, cases = 0;
        List<String> lines = new ArrayList<>();
        for (BreakRun b : breaks) {
            if (!b.scheme().equals(scheme)) continue;
            cases++;
            Interval ci = b.result().reidentification().wilson();
            if (ci.lower() > BROKEN) pass++;
            lines.add(String.format(Locale.ROOT, "%s seed %d: %.1f%% [%.1f, %.1f] of %d (chance %.2f%%)", b.dataset(), b.seed(),
                    100 * b.result().reidentification().value(), 100 * ci.lower(), 100 * ci.upper(), b.result().targets(), 100 * b.result().chance()));
        }
        if (cases == 0) return Claim.notMeasured(statement, rule, "the attack did not run against " + scheme);
        return Claim.decide(statement, pass, cases, rule, String.join("; ", lines) + ". Budget: " + breaks.get(0).result().config().describe() + ".");
    }

    /** The U-Net's reconstructions are closer to the plain images than the encrypted images are (SSIM). */
    Claim unetBeatsEncryption() {
        String statement = "A U-Net trained on (encrypted, plain) pairs with a fresh key per pair reconstructs more of the plain images than the"
                + " encrypted images show, for every image scheme (the inverse-translation baseline that generative attacks must beat).";
        String rule = "per dataset and scheme: the lower end of the bootstrap interval of the reconstructions' mean SSIM exceeds the upper end of the"
                + " encrypted images' mean SSIM";
        int pass = 0, cases = 0;
        List<String> lines = new ArrayList<>();
        for (InverseRun r : inversions) {
            cases++;
            var enc = r.result().encrypted().ssim();
            var rec = r.result().reconstructed().ssim();
            boolean ok = rec.interval().lower() > enc.interval().upper();
            if (ok) pass++;
            lines.add(String.format(Locale.ROOT, "%s %s: SSIM %.3f -> %.3f%s", r.dataset(), r.result().scheme(), enc.value(), rec.value(), ok ? "" : " (not above)"));
        }
        if (cases == 0) return Claim.notMeasured(statement, rule, "no U-Net baseline ran");
        return Claim.decide(statement, pass, cases, rule, String.join("; ", lines) + ". Budget: " + inversions.get(0).result().config().describe() + ".");
    }

    // ------------------------------------------------------------------ helpers

    private Optional<String> datasetWithChannels(int channels) {
        return classifiers.stream().filter(c -> c.isPlain() && c.channels() == channels).map(ClassifierRun::dataset).findFirst();
    }

    /** The ViT accuracy (percent) of a scheme on a dataset for a seed. */
    private OptionalDouble accuracy(String dataset, String scheme, long seed) {
        return classifiers.stream().filter(c -> c.dataset().equals(dataset) && c.scheme().equals(scheme) && c.seed() == seed && !c.model().equals("convmixer"))
                .mapToDouble(c -> 100 * c.accuracy().value()).findFirst();
    }

    private OptionalDouble drop(String dataset, String scheme, long seed) {
        OptionalDouble p = accuracy(dataset, EncryptionExperiment.PLAIN, seed), s = accuracy(dataset, scheme, seed);
        return p.isPresent() && s.isPresent() ? OptionalDouble.of(p.getAsDouble() - s.getAsDouble()) : OptionalDouble.empty();
    }

    private String plainLevels() {
        List<String> out = new ArrayList<>();
        for (String d : classifiers.stream().map(ClassifierRun::dataset).distinct().toList()) {
            OptionalDouble mean = classifiers.stream().filter(c -> c.dataset().equals(d) && c.isPlain() && c.model().equals("vit"))
                    .mapToDouble(c -> 100 * c.accuracy().value()).average();
            if (mean.isPresent()) out.add(String.format(Locale.ROOT, "plain ViT %.1f%% on %s", mean.getAsDouble(), d));
        }
        return String.join(", ", out);
    }
}
