package dev.mamori.methods.genattack.experiment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.common.config.Check;
import dev.mamori.methods.common.config.ConfigChecks;
import dev.mamori.methods.common.judge.JudgeSettings;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.encryption.catalog.SchemeOptions;
import dev.mamori.methods.genattack.gan.GanConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The configuration of {@link GenAttackGanExperiment} ({@code mamori run genattack-gan}). The default: a StyleGAN2 on
 * all of emoji-faces at 32x32 ({@link GanConfig}'s default, about an hour on two shared cores; or {@code ganFile} from
 * {@code mamori train gan}), then for 3 attack seeds and every image scheme (LE, ELE, PE, EtC, grayscale EtC, block-wise
 * shuffle) the encoder attack (2 epochs over 1,536 faces) and the U-Net baseline (300 steps) on 300 test faces with
 * unseen keys, and the attribute classifiers for EtC and grayscale EtC: about 1.5 hours after the GAN, by the quick
 * run's measured rates (not run here). {@code --quick}: a GAN of three epochs on 1,024 faces (not a usable generator)
 * and small attack budgets; all 3 seeds took 27 minutes on a heavily shared 2-core machine.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonPropertyOrder({"dataset", "seed"})
public final class GenAttackGanConfig extends ExperimentConfig {
    /** The image schemes attacked (names as in key files). */
    public static final List<String> DEFAULT_SCHEMES = List.of("le", "ele", "pe", "etc", "gray_etc", "block_shuffle");

    /** A catalog image dataset; the attribute part needs emoji-faces (its examples carry the attributes). */
    @JsonProperty public String dataset = "emoji-faces";
    /** Training images the attacker's models (encoder, U-Net, classifiers) use (0: all). */
    @JsonProperty @Check(min = 0) public int trainSubset = 1536;
    /** Test images attacked, each encrypted with a key of its own that no attack trained on (0: all). */
    @JsonProperty @Check(min = 0) public int testImages = 300;
    @JsonProperty @Check(nonEmpty = true) public List<String> schemes = new ArrayList<>(DEFAULT_SCHEMES);
    /** Schemes whose attack is also judged by face attributes (the EtC face papers). */
    @JsonProperty public List<String> attributeSchemes = new ArrayList<>(List.of("etc", "gray_etc"));
    /** Block size of the block-wise schemes (and the attribute classifiers' patch size). */
    @JsonProperty @Check(min = 1) public int blockSize = 4;
    /** Attack seeds: each trains its own encoder, U-Net and classifiers and draws its own test keys. */
    @JsonProperty @Check(nonEmpty = true) public List<Long> attackSeeds = new ArrayList<>(List.of(0L, 1L, 2L));
    /**
     * The test images' keys come from SecureRandom (never stored); true derives them from the seeds (reproducible:
     * anyone with the seeds rebuilds them; the report says so). The attackers' training keys are their own, drawn from
     * their seeds.
     */
    @JsonProperty public boolean reproducibleKeys = false;

    // ---------------------------------------------------------------- generator
    /** A generator file from {@code mamori train gan} on the same dataset; empty: train one in the run (stage "gan"). */
    @JsonProperty public String ganFile = "";
    /** How the run trains its generator when there is no file (its dataset is this config's). */
    @JsonProperty public GanConfig gan = GanConfig.of(Preset.DEFAULT);

    // ---------------------------------------------------------------- encoder attack
    @JsonProperty @Check(min = 1) public int encoderWidth = 32;
    @JsonProperty @Check(min = 1) public int encoderEpochs = 2;
    @JsonProperty @Check(min = 1) public int encoderBatchSize = 16;
    @JsonProperty @Check(min = 0, minExclusive = true) public double encoderLr = 1e-3;
    /** Weight of the latent loss (the styles of a generator image against E(encrypted)); 0 disables it. */
    @JsonProperty @Check(min = 0) public double latentWeight = 0.01;

    // ---------------------------------------------------------------- U-Net baseline
    @JsonProperty @Check(min = 1) public int unetSteps = 300;
    @JsonProperty @Check(min = 1) public int unetBatchSize = 16;
    @JsonProperty @Check(min = 0, minExclusive = true) public double unetLr = 2e-3;
    @JsonProperty @Check(min = 1) public int unetBaseChannels = 32;
    @JsonProperty @Check(min = 0) public int unetDepth = 2;

    // ---------------------------------------------------------------- attribute classifiers
    @JsonProperty @Check(min = 1) public int attributeDim = 64;
    @JsonProperty @Check(min = 1) public int attributeDepth = 4;
    @JsonProperty @Check(min = 1) public int attributeEpochs = 8;
    @JsonProperty @Check(min = 1) public int attributeBatchSize = 64;
    @JsonProperty @Check(min = 0, minExclusive = true) public double attributeLr = 3e-3;
    /** Test images a class of an attribute needs to be scored (fewer: left out; one class left: not measured). */
    @JsonProperty @Check(min = 1) public int minPerClass = 10;

    // ---------------------------------------------------------------- judge
    /** A saved classifier of the dataset's classes as the judge; empty: a ConvMixer trained in the run (stage "judge"). */
    @JsonProperty public String judgeFile = "";
    @JsonProperty @Check(min = 1) public int judgeEpochs = 10;

    /** Images per grid row. */
    @JsonProperty @Check(min = 1) public int gridImages = 8;

    public static GenAttackGanConfig of(Preset preset) {
        GenAttackGanConfig c = new GenAttackGanConfig();
        if (preset == Preset.QUICK) {
            c.trainSubset = 1024;
            c.testImages = 200;
            c.gan = GanConfig.of(Preset.QUICK);
            c.gan.trainSubset = 1024;
            c.gan.epochs = 3;
            c.encoderWidth = 16;
            c.encoderEpochs = 1;
            c.unetSteps = 120;
            c.unetBatchSize = 16;
            c.unetBaseChannels = 16;
            c.attributeDim = 48;
            c.attributeDepth = 3;
            c.attributeEpochs = 3;
            c.judgeEpochs = 3;
            c.minPerClass = 5;
        }
        return c;
    }

    public SchemeOptions schemeOptions() {
        return SchemeOptions.defaults().withBlockSize(blockSize);
    }

    public List<Scheme> schemeList() {
        return schemes.stream().map(Scheme::fromConfigName).toList();
    }

    public JudgeSettings judgeSettings() {
        return new JudgeSettings(judgeFile, "convmixer_256_8", new java.util.LinkedHashMap<>(java.util.Map.of("dim", 128, "patchSize", 4)), judgeEpochs);
    }

    /** Whether the attribute part runs (emoji-faces, and some attribute scheme). */
    public boolean attributesMeasured() {
        return dataset.startsWith("emoji-faces") && !attributeSchemes.isEmpty();
    }

    @Override
    public GenAttackGanConfig validate() {
        ConfigChecks.check(this);
        if (dataset == null || dataset.isBlank()) throw invalid("dataset", "a catalog image dataset");
        for (String s : schemes) {
            Scheme scheme;
            try {
                scheme = Scheme.fromConfigName(s);
            } catch (IllegalArgumentException e) {
                throw invalid("schemes", "image scheme names (" + String.join(", ", DEFAULT_SCHEMES) + ", block_negative_positive, block_ffx); got '" + s + "'");
            }
            if (!scheme.isCipher()) throw invalid("schemes", "image ciphers; " + s + " produces tokens, not images");
        }
        if (schemes.stream().distinct().count() != schemes.size()) throw invalid("schemes", "each scheme once");
        for (String s : attributeSchemes) if (!schemes.contains(s)) throw invalid("attributeSchemes", "schemes also in 'schemes'; got '" + s + "'");
        if (attackSeeds.stream().distinct().count() != attackSeeds.size()) throw invalid("attackSeeds", "distinct seeds");
        gan.validate();
        if (ganFile.isBlank() && !gan.dataset.equals(dataset)) throw invalid("gan.dataset", "the experiment's dataset '" + dataset + "'");
        return this;
    }
}
