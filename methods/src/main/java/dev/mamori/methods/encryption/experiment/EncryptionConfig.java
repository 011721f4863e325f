package dev.mamori.methods.encryption.experiment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonMerge;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.common.config.Check;
import dev.mamori.methods.common.config.ConfigChecks;
import dev.mamori.methods.common.config.ConfigException;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.encryption.catalog.SchemeOptions;
import dev.mamori.methods.encryption.neuracrypt.ColorNeuraCryptKey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration of {@link EncryptionExperiment} (YAML/JSON over a preset; unknown fields are errors). The default
 * run: emoji-category (colour, all 3,048 / 764 images) and Fashion-MNIST (gray, 6,000 / 2,000), a plain ViT and every
 * scheme's classifier for 3 training seeds, Carlini et al.'s matching attack on 1,000 images against NeuraCrypt and
 * Color-NeuraCrypt, and the U-Net inverse-translation baseline for every image scheme; several hours on a shared
 * 2-core machine (one dataset and seed, 12 classifiers, took 67 minutes beside three other runs). {@link #quick()}: a few minutes on subsets, one seed.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonPropertyOrder({"datasets", "seed"})
public final class EncryptionConfig extends ExperimentConfig {
    /** Every scheme the experiment knows, in report order. */
    public static final List<String> ALL_SCHEMES = List.of("le", "ele", "pe", "etc", "gray_etc", "block_shuffle", "block_negative_positive",
            "block_ffx", "neuracrypt", "color_neuracrypt");

    /** Datasets from the catalog, in order: a colour one and a gray one for the NeuraCrypt claims. */
    @JsonProperty public List<String> datasets = new ArrayList<>(List.of("emoji-category", "fashion-mnist"));
    /** Per dataset: subsets and epochs (merged with the defaults). */
    @JsonMerge @JsonProperty public Map<String, DatasetSettings> datasetSettings = defaultDatasetSettings();
    /** Schemes to train classifiers on, besides the plain model (names as in key files). */
    @JsonProperty public List<String> schemes = new ArrayList<>(ALL_SCHEMES);
    /** Training seeds; each classifier also gets its own key. */
    @JsonProperty public List<Long> trainingSeeds = new ArrayList<>(List.of(0L, 1L, 2L));
    /**
     * The owner's secrets (keys, NeuraCrypt's per-image token orders, the published order of the matching attack's
     * targets) come from SecureRandom; true derives them from the seeds instead (reproducible, an explicit opt-in for
     * experiments only: anyone who knows the seeds, which the report shows, rebuilds the keys).
     */
    @JsonProperty public boolean reproducibleKeys = false;

    // ---------------------------------------------------------------- encryption
    /** Block size M = the classifiers' patch size (and NeuraCrypt's patch size). */
    @JsonProperty public int blockSize = 4;
    /** NeuraCrypt's hidden width, depth and token width (published: 2048, 4, 2048 for 16 x 16 x-ray patches). */
    @Check(min = 1, expected = "a hidden width >= 1") @JsonProperty public int neuraCryptHidden = 128;
    @Check(min = 0, expected = "a depth >= 0") @JsonProperty public int neuraCryptDepth = 4;
    @Check(min = 1, expected = "a token width >= 1") @JsonProperty public int neuraCryptOutputDim = 128;
    /** Color-NeuraCrypt's per-patch combination: sum or concat. */
    @JsonProperty public String colorNeuraCryptCombine = "sum";
    /** Images encoded together (NeuraCrypt's batch statistics). */
    @JsonProperty public int encodeBatchSize = 64;
    /** Keep the encrypted dataset files in the run directory (they are deleted after training otherwise). */
    @JsonProperty public boolean keepEncryptedData = false;

    // ---------------------------------------------------------------- classifiers
    /** ViT width, depth, heads, MLP ratio (patch = block size; on NeuraCrypt tokens patch 1 and no position embedding). */
    @JsonProperty public int vitDim = 64;
    @JsonProperty public int vitDepth = 4;
    @JsonProperty public int vitHeads = 4;
    @JsonProperty public double vitMlpRatio = 2.0;
    /** Width of the adaptation network in front of the ViT for LE. */
    @JsonProperty public int adaptationHidden = 96;
    /** Schemes (and "plain") that also get a ConvMixer with patch = block size. */
    @JsonProperty public List<String> convMixerSchemes = new ArrayList<>(List.of("plain", "etc"));
    @JsonProperty public int convMixerDim = 64;
    @JsonProperty public int convMixerDepth = 4;
    @JsonProperty public int batchSize = 64;
    @JsonProperty public double lr = 0.002;
    @JsonProperty public double weightDecay = 0.05;
    /**
     * Every classifier's training also checkpoints this often (besides every epoch end), so that a killed run resumed
     * with {@code --resume} loses at most about this much work (0: epoch ends only). It does not change what is computed.
     */
    @JsonProperty public double checkpointEverySeconds = 120;

    // ---------------------------------------------------------------- attacks
    /** Seeds of the attacks (each attack seed also gets its own owner key). */
    @JsonProperty public List<Long> attackSeeds = new ArrayList<>(List.of(0L));
    /** Target images of the matching attack (the challenge: 1,000). */
    @JsonProperty public int breakTargets = 1000;
    @JsonProperty public int breakEncoders = 40;
    @JsonProperty public int breakImagesPerEncoder = 100;
    @JsonProperty public int breakSteps = 1500;
    @JsonProperty public int breakBatchSize = 2048;
    @JsonProperty public double breakLr = 0.001;
    @JsonProperty public int breakCandidates = 20;
    @JsonProperty public int breakRefinements = 3;
    /** Schemes the U-Net inverse-translation baseline runs against (image ciphers). */
    @JsonProperty public List<String> unetSchemes = new ArrayList<>(List.of("le", "ele", "pe", "etc", "gray_etc", "block_shuffle",
            "block_negative_positive", "block_ffx"));
    @JsonProperty public int unetSteps = 400;
    @JsonProperty public int unetBatchSize = 32;
    @JsonProperty public double unetLr = 0.003;
    @JsonProperty public int unetBaseChannels = 16;
    @JsonProperty public int unetDepth = 2;
    /** Test images the U-Net and the visual-security numbers are measured on. */
    @JsonProperty public int unetEvalImages = 300;
    /** Images per row of the example grids. */
    @JsonProperty public int gridImages = 8;

    public EncryptionConfig() {}

    public static EncryptionConfig of(Preset preset) {
        return preset == Preset.QUICK ? quick() : new EncryptionConfig();
    }

    /**
     * A few minutes: one training seed, subsets, short trainings, ConvMixer only on plain images, a 300-image matching
     * attack with a small budget, short U-Nets.
     */
    public static EncryptionConfig quick() {
        EncryptionConfig c = new EncryptionConfig();
        c.datasetSettings.put("emoji-category", DatasetSettings.of(1200, 400, 3));
        c.datasetSettings.put("fashion-mnist", DatasetSettings.of(1500, 400, 2));
        c.trainingSeeds = new ArrayList<>(List.of(0L));
        c.convMixerSchemes = new ArrayList<>(List.of("plain"));
        c.breakTargets = 300;
        c.breakEncoders = 12;
        c.breakImagesPerEncoder = 60;
        c.breakSteps = 300;
        c.breakBatchSize = 1024;
        c.breakCandidates = 10;
        c.unetSteps = 60;
        c.unetEvalImages = 100;
        return c;
    }

    static Map<String, DatasetSettings> defaultDatasetSettings() {
        Map<String, DatasetSettings> m = new LinkedHashMap<>();
        m.put("emoji-category", DatasetSettings.of(0, 0, 10));
        m.put("fashion-mnist", DatasetSettings.of(6000, 2000, 5));
        return m;
    }

    /** The settings of a dataset (a dataset without an entry gets 5,000 / 1,000 images and 5 epochs). */
    public DatasetSettings settings(String dataset) {
        return datasetSettings.getOrDefault(dataset, DatasetSettings.of(5000, 1000, 5));
    }

    public List<Scheme> schemeList() {
        return schemes.stream().map(Scheme::fromConfigName).toList();
    }

    public List<Scheme> unetSchemeList() {
        return unetSchemes.stream().map(Scheme::fromConfigName).toList();
    }

    public SchemeOptions schemeOptions() {
        return new SchemeOptions(blockSize, neuraCryptHidden, neuraCryptDepth, neuraCryptOutputDim, colorNeuraCryptCombine);
    }

    @Override
    public EncryptionConfig validate() {
        ConfigChecks.check(this);
        if (datasets.isEmpty()) throw invalid("datasets", "at least one dataset");
        for (String d : datasets) settings(d).validate(d);
        for (String s : schemes) {
            try {
                Scheme.fromConfigName(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config field 'schemes': " + e.getMessage());
            }
        }
        for (String s : unetSchemes) {
            Scheme scheme;
            try {
                scheme = Scheme.fromConfigName(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config field 'unetSchemes': " + e.getMessage());
            }
            if (!scheme.isCipher()) throw invalid("unetSchemes", "image ciphers only; '" + s + "' produces tokens");
        }
        for (String s : convMixerSchemes) {
            if (!s.equals("plain")) {
                Scheme scheme;
                try {
                    scheme = Scheme.fromConfigName(s);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("config field 'convMixerSchemes': " + e.getMessage());
                }
                if (!scheme.isBlockWise() || scheme == Scheme.LE || scheme == Scheme.ELE) {
                    throw invalid("convMixerSchemes", "plain or block-wise schemes that keep the channel count; '" + s + "' is not one");
                }
            }
        }
        if (trainingSeeds.isEmpty() || trainingSeeds.stream().anyMatch(java.util.Objects::isNull)) throw invalid("trainingSeeds", "at least one seed");
        if (blockSize < 1) throw invalid("blockSize", "a positive block size");
        try {
            schemeOptions();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(null, "neuraCryptHidden", "NeuraCrypt settings that build a key", e.getMessage());
        }
        ColorNeuraCryptKey.Combine.fromConfigName(colorNeuraCryptCombine);
        if (encodeBatchSize < 2) throw invalid("encodeBatchSize", "at least 2 (NeuraCrypt's batch norms need a batch)");
        if (vitDim < 1 || vitDepth < 1 || vitHeads < 1 || vitDim % vitHeads != 0) throw invalid("vitDim", "a width divisible by vitHeads, depth >= 1");
        if (!(vitMlpRatio > 0)) throw invalid("vitMlpRatio", "a positive ratio");
        if (adaptationHidden < 1) throw invalid("adaptationHidden", "a positive width");
        if (convMixerDim < 1 || convMixerDepth < 1) throw invalid("convMixerDim", "positive width and depth");
        if (batchSize < 1) throw invalid("batchSize", "a positive batch size");
        if (!(lr > 0)) throw invalid("lr", "a positive learning rate");
        if (weightDecay < 0) throw invalid("weightDecay", "a value >= 0");
        if (!(checkpointEverySeconds >= 0)) throw invalid("checkpointEverySeconds", "seconds >= 0 (0: at epoch ends only)");
        if (breakTargets < 2) throw invalid("breakTargets", "at least 2 images");
        if (breakEncoders < 1 || breakImagesPerEncoder < 2 || breakSteps < 1 || breakBatchSize < 2 || !(breakLr > 0) || breakCandidates < 1
                || breakRefinements < 0) {
            throw invalid("break*", "a positive attack budget (encoders, images per encoder >= 2, steps, batch >= 2, lr, candidates; refinements >= 0)");
        }
        if (unetSteps < 1 || unetBatchSize < 1 || !(unetLr > 0) || unetBaseChannels < 1 || unetDepth < 0) {
            throw invalid("unet*", "a positive U-Net budget");
        }
        if (unetEvalImages < 1) throw invalid("unetEvalImages", "a positive number of images");
        if (gridImages < 1) throw invalid("gridImages", "a positive number of images");
        return this;
    }
}
