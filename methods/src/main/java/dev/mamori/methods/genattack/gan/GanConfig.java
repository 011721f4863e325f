package dev.mamori.methods.genattack.gan;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mamori.methods.common.ExperimentConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration of {@code mamori train gan}: a StyleGAN2 of the registry (with config overrides) on a catalog image
 * dataset. The default trains {@code stylegan2_emoji_32} on emoji-faces at 32x32 for about an hour on two CPU cores;
 * {@code --quick} is a few-minute smoke run on a subset (not a usable generator). For 64x64: {@code model:
 * stylegan2_emoji_64} and {@code dataset: "emoji-faces:size=64"}.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonPropertyOrder({"dataset", "seed"})
public final class GanConfig extends ExperimentConfig {
    /** A catalog image dataset with its options (emoji-faces, emoji-category). */
    @JsonProperty public String dataset = "emoji-faces";
    /** Training examples kept (0: all). */
    @JsonProperty public int trainSubset = 0;
    /** A stylegan2 registry name. */
    @JsonProperty public String model = "stylegan2_emoji_32";
    /** Overrides of the model's config fields. */
    @JsonProperty public Map<String, Object> modelOverrides = new LinkedHashMap<>();
    @JsonProperty public int epochs = 60;
    @JsonProperty public int batchSize = 32;
    /** Adam learning rate of both networks (StyleGAN2: 0.0025, betas (0, 0.99)). */
    @JsonProperty public double lr = 0.002;
    /** R1 gamma. */
    @JsonProperty public double r1Gamma = 1.0;
    /** Lazy regularization interval (R1 every this many steps). */
    @JsonProperty public int r1Interval = 16;
    @JsonProperty public double styleMixing = 0.9;
    /** EMA decay of the generator (0: none). */
    @JsonProperty public double ema = 0.999;
    /** Horizontal flips of the training images. */
    @JsonProperty public boolean flip = true;
    @JsonProperty public double checkpointEverySeconds = 120;
    /** Images in the sample grid (truncation 1 and 0.7). */
    @JsonProperty public int sampleImages = 32;

    public static GanConfig of(Preset preset) {
        GanConfig c = new GanConfig();
        if (preset == Preset.QUICK) {
            c.trainSubset = 256;
            c.epochs = 2;
            c.r1Interval = 4;
            c.checkpointEverySeconds = 30;
            c.sampleImages = 16;
        }
        return c;
    }

    @Override
    public GanConfig validate() {
        if (dataset == null || dataset.isBlank()) throw invalid("dataset", "a dataset name");
        if (trainSubset < 0) throw invalid("trainSubset", "0 (all) or a positive count");
        if (model == null || !model.startsWith("stylegan2")) throw invalid("model", "a stylegan2 registry name");
        if (epochs < 1) throw invalid("epochs", "a positive count");
        if (batchSize < 2) throw invalid("batchSize", "at least 2");
        if (!(lr > 0)) throw invalid("lr", "a positive learning rate");
        if (!(r1Gamma >= 0)) throw invalid("r1Gamma", "a weight >= 0");
        if (r1Interval < 1) throw invalid("r1Interval", "an interval >= 1");
        if (!(styleMixing >= 0 && styleMixing <= 1)) throw invalid("styleMixing", "a probability in [0, 1]");
        if (!(ema >= 0 && ema < 1)) throw invalid("ema", "a decay in [0, 1)");
        if (!(checkpointEverySeconds > 0)) throw invalid("checkpointEverySeconds", "a positive number of seconds");
        if (sampleImages < 1) throw invalid("sampleImages", "a positive count");
        return this;
    }
}
