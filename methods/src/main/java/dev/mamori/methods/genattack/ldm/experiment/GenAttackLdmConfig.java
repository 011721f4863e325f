package dev.mamori.methods.genattack.ldm.experiment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.common.config.Check;
import dev.mamori.methods.common.config.ConfigChecks;
import dev.mamori.methods.common.judge.JudgeSettings;
import dev.mamori.methods.encryption.attacks.InverseTranslation;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.genattack.attack.GenerativeAttack;
import dev.mamori.methods.genattack.ldm.LatentDiffusionAttack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration of {@code mamori run genattack-ldm} (a YAML/JSON file names only what it changes; unknown fields
 * are errors). The default is sized for about an hour on two shared CPU cores; {@code --quick} is a smoke run of
 * roughly 15-20 minutes whose numbers are not evidence of what the attack can do at a real budget.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonPropertyOrder({"dataset", "seed"})
public final class GenAttackLdmConfig extends ExperimentConfig {
    // ---------------------------------------------------------------- data and schemes
    /** A catalog colour image dataset (the StyleGAN attack's is emoji-faces at 32x32). */
    @JsonProperty public String dataset = "emoji-faces";
    /** The attacker's own plain images (0: the whole training split). */
    @Check(min = 0) @JsonProperty public int trainSubset = 0;
    /** Test images, each encrypted with a key no attack trained on. */
    @Check(min = 1) @JsonProperty public int testSubset = 200;
    /** Schemes attacked (key-file names): le, ele, pe, etc, gray_etc, block_shuffle, block_negative_positive, block_ffx. */
    @Check(nonEmpty = true, oneOf = {"le", "ele", "pe", "etc", "gray_etc", "block_shuffle", "block_negative_positive", "block_ffx"})
    @JsonProperty public List<String> schemes = new ArrayList<>(List.of("le", "ele", "pe", "etc", "gray_etc", "block_shuffle"));
    /** Block size M of the block-wise schemes (and of the conditioner's tokens). */
    @Check(min = 1) @JsonProperty public int blockSize = 4;
    /** Training seeds per scheme: seed, seed + 1, ... (every attack is trained once per seed). */
    @Check(min = 1) @JsonProperty public int seeds = 3;
    /** Images of each scheme and attack in the grids. */
    @Check(min = 1) @JsonProperty public int examples = 8;

    // ---------------------------------------------------------------- VAE
    /** A {@code mamori train diffusion} run directory whose VAE to reuse (empty: train one in this run, once for all seeds). */
    @JsonProperty public String vaeRun = "";
    @Check(min = 1) @JsonProperty public int vaeEpochs = 8;
    @Check(min = 1) @JsonProperty public int vaeBatchSize = 32;
    @Check(min = 0, minExclusive = true) @JsonProperty public double vaeLr = 1e-3;

    // ---------------------------------------------------------------- the latent-diffusion attack
    /** Token and cross-attention width. */
    @Check(min = 1) @JsonProperty public int ldmWidth = 64;
    /** UNet channels per level (attention at every level). */
    @Check(nonEmpty = true, min = 1) @JsonProperty public List<Integer> ldmUnetChannels = new ArrayList<>(List.of(32, 64));
    @Check(min = 1) @JsonProperty public int ldmEpochs = 20;
    @Check(min = 1) @JsonProperty public int ldmBatchSize = 32;
    @Check(min = 0, minExclusive = true) @JsonProperty public double ldmLr = 1e-3;
    @Check(min = 0, max = 1, maxExclusive = true) @JsonProperty public double ldmConditionDropout = 0.1;
    @Check(min = 1) @JsonProperty public int ldmSamplingSteps = 25;
    /** Classifier-free guidance scale of the reconstructions (1: none). */
    @Check(min = 1) @JsonProperty public double ldmGuidance = 1.0;

    // ---------------------------------------------------------------- the inverse-translation U-Net baseline
    @Check(min = 1) @JsonProperty public int unetSteps = 600;
    @Check(min = 1) @JsonProperty public int unetBatchSize = 32;
    @Check(min = 0, minExclusive = true) @JsonProperty public double unetLr = 2e-3;
    @Check(min = 1) @JsonProperty public int unetBaseChannels = 16;
    @Check(min = 0) @JsonProperty public int unetDepth = 2;

    // ---------------------------------------------------------------- the StyleGAN encoder attack
    /** A generator written by {@code mamori train gan} on the same dataset (empty: that attack is not measured). */
    @JsonProperty public String ganModel = "";
    @Check(min = 1) @JsonProperty public int ganEncoderWidth = 32;
    @Check(min = 1) @JsonProperty public int ganEncoderEpochs = 10;
    @Check(min = 1) @JsonProperty public int ganEncoderBatchSize = 32;
    @Check(min = 0, minExclusive = true) @JsonProperty public double ganEncoderLr = 1e-3;
    @Check(min = 0) @JsonProperty public double ganLatentWeight = 1.0;

    // ---------------------------------------------------------------- judge
    /** A classifier file written by {@code mamori train} on the same dataset (empty: train the ConvMixer judge in the run). */
    @JsonProperty public String judgeClassifier = "";
    @Check(min = 1) @JsonProperty public int judgeEpochs = 15;
    /** Config overrides of the ConvMixer judge trained in the run (the README's colour baseline: dim 128, patch 4). */
    @JsonProperty public Map<String, Object> judgeModelConfig = new LinkedHashMap<>(JudgeSettings.convMixerBaseline(1).modelConfig());

    public static GenAttackLdmConfig of(Preset preset) {
        GenAttackLdmConfig c = new GenAttackLdmConfig();
        if (preset == Preset.QUICK) {
            c.trainSubset = 256;
            c.testSubset = 32;
            c.schemes = new ArrayList<>(List.of("le", "pe", "etc", "gray_etc", "block_shuffle"));
            c.examples = 6;
            c.vaeEpochs = 2;
            c.ldmEpochs = 4;
            c.ldmSamplingSteps = 8;
            c.unetSteps = 40;
            c.ganEncoderEpochs = 1;
            c.judgeEpochs = 2;
        }
        return c;
    }

    public List<Scheme> schemeList() {
        return schemes.stream().map(Scheme::fromConfigName).toList();
    }

    public LatentDiffusionAttack.Settings ldmSettings(long seed) {
        return new LatentDiffusionAttack.Settings(ldmWidth, ldmUnetChannels.stream().mapToInt(Integer::intValue).toArray(), ldmEpochs, ldmBatchSize,
                ldmLr, ldmConditionDropout, ldmSamplingSteps, ldmGuidance, seed);
    }

    public InverseTranslation.Config unetSettings(long seed) {
        return new InverseTranslation.Config(unetSteps, unetBatchSize, unetLr, unetBaseChannels, unetDepth, seed);
    }

    public GenerativeAttack.Settings ganSettings(long seed) {
        return new GenerativeAttack.Settings(ganEncoderWidth, ganEncoderEpochs, ganEncoderBatchSize, ganEncoderLr, ganLatentWeight, seed);
    }

    public JudgeSettings judgeSettings() {
        JudgeSettings base = JudgeSettings.convMixerBaseline(judgeEpochs);
        return new JudgeSettings(judgeClassifier, base.model(), judgeModelConfig, judgeEpochs);
    }

    @Override
    public GenAttackLdmConfig validate() {
        ConfigChecks.check(this);
        if (dataset == null || dataset.isBlank()) throw invalid("dataset", "a catalog dataset name");
        if (vaeRun == null) throw invalid("vaeRun", "a directory or empty");
        if (ganModel == null) throw invalid("ganModel", "a file or empty");
        if (judgeClassifier == null) throw invalid("judgeClassifier", "a file or empty");
        if (judgeModelConfig == null) throw invalid("judgeModelConfig", "a map of ConvMixer config fields");
        if (schemes.stream().distinct().count() != schemes.size()) throw invalid("schemes", "each scheme once");
        return this;
    }
}
