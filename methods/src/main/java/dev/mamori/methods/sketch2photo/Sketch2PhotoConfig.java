package dev.mamori.methods.sketch2photo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonMerge;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.common.config.Check;
import dev.mamori.methods.common.config.ConfigChecks;
import dev.mamori.methods.diffusion.DiffusionConfig;

/**
 * The configuration of {@code mamori run sketch2photo} (a YAML/JSON file names only what it changes over the default
 * or {@code --quick} preset; unknown fields are errors). The model is {@code train diffusion}'s latent diffusion
 * ({@code diffusion}: its CLIP pair, autoencoder and UNet stages, sampling, and the judge classifier), trained on the
 * colour renderings of the openmoji-sketch training emoji only, with each image's standardized edge map as one extra
 * UNet input channel; it is tested on the hand-drawn line art of held-out emoji with their colour renderings as
 * ground truth. The CLIP pair and autoencoder are trained once (with {@code seed}), or taken from a trained
 * {@code train diffusion} run ({@code base.run}); {@code seeds} UNets are trained on them and compared, and as many on
 * raw edge magnitudes for the ablation ({@code trainRawEdgeModels}).
 * <pre>
 * seeds: 3
 * testSketches: 100
 * base: {run: runs/diffusion-default}
 * diffusion: {unet: {epochs: 40}}
 * </pre>
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonPropertyOrder({"seed", "seeds"})
public final class Sketch2PhotoConfig extends ExperimentConfig {
    /** UNets trained (seeds derived from {@code seed}); every arm is measured on each. */
    @Check(min = 1, max = 20, expected = "1 to 20 models")
    @JsonProperty public int seeds = 3;
    /** Held-out test sketches, one per distinct emoji identity, drawn with the seed (0: all of the test split). */
    @Check(min = 0, expected = "0 (all) or a positive count")
    @JsonProperty public int testSketches = 200;
    /** The edge standardizer's hysteresis thresholds on the Sobel magnitude and its dilation ({@link EdgeStandardizer}). */
    @Check(min = 0, minExclusive = true, expected = "a positive threshold")
    @JsonProperty public double edgeLow = EdgeStandardizer.defaults().low();
    @Check(min = 0, minExclusive = true, expected = "a positive threshold")
    @JsonProperty public double edgeHigh = EdgeStandardizer.defaults().high();
    @Check(min = 0, max = 8, expected = "0 to 8 dilation passes")
    @JsonProperty public int edgeThickness = EdgeStandardizer.defaults().thickness();
    /**
     * Also train, per seed, a UNet on the raw edge magnitudes of the colour images ({@link EdgeTraining#RAW}) and test it on
     * the sketches as drawn: MaungMaung et al. 2023's ablation without edge standardization, the comparison their claim
     * rests on (it doubles the UNet training). Off: only the test-time-only ablation is measured.
     */
    @JsonProperty public boolean trainRawEdgeModels = true;
    /**
     * The trained text-to-image model the UNets are built on: a {@code mamori train diffusion} run's tokenizer, text tower
     * and autoencoder ({@code run}: its directory); empty: trained here from {@code diffusion}'s clip and vae settings.
     */
    @JsonMerge @JsonProperty public Base base = new Base();
    /** Classifier-free guidance scale of the prompt (the sketch's condition is never dropped). */
    @Check(min = 1, expected = "a guidance scale >= 1")
    @JsonProperty public double guidance = 3;
    /** Test sketches shown in the grid. */
    @Check(min = 1, max = 64, expected = "1 to 64 columns")
    @JsonProperty public int gridColumns = 8;
    /**
     * The latent diffusion model and its training ({@code train diffusion}'s config). Its {@code dataset} must be
     * openmoji-sketch (with options); its {@code seed} is not used (the top-level one seeds every stage), and of its
     * {@code evaluation} only the judge classifier's fields are.
     */
    @JsonMerge @JsonProperty public DiffusionConfig diffusion = DiffusionConfig.of(Preset.DEFAULT);

    /** Where the tokenizer, text tower and autoencoder come from. */
    public static final class Base {
        /** A {@code mamori train diffusion} run directory (read only: its {@code pipeline/}); empty: train them in this run. */
        @JsonProperty public String run = "";
        /**
         * With a run: start every UNet from its UNet (the edge channel's input weights zero, so the start is that
         * text-to-image model) and fine-tune it, as the paper fine-tunes a pretrained latent diffusion model (the UNet
         * architecture is then the run's, not {@code diffusion.unet}'s); false: train the UNets from scratch.
         */
        @JsonProperty public boolean fineTuneUnet = true;
    }

    public static Sketch2PhotoConfig of(Preset preset) {
        Sketch2PhotoConfig c = new Sketch2PhotoConfig();
        c.diffusion = DiffusionConfig.of(preset);
        c.diffusion.dataset = "openmoji-sketch";
        if (preset == Preset.DEFAULT) {
            // estimated from the quick runs' measured step rates (not run here): all 3,625 training images, the autoencoder 4 epochs
            // (~450 steps), each of the 3 + 3 UNets (standardized and raw edges) 10 epochs (~570 steps, ~9 min each here), the judge
            // 10; about 1.5-2 hours on two shared cores, about 1-1.5 with base.run (no autoencoder or CLIP pair to train)
            c.diffusion.clip.epochs = 6;
            c.diffusion.vae.epochs = 4;
            c.diffusion.unet.epochs = 10;
            c.diffusion.evaluation.classifierEpochs = 10;
        } else {
            // about 15-20 minutes of one core here: the UNets get most of it (3 x 192 steps), the autoencoder 144 steps
            c.testSketches = 48;
            c.diffusion.trainSubset = 1536;
            c.diffusion.vae.epochs = 3;
            c.diffusion.unet.epochs = 8;
            c.diffusion.unet.warmupSteps = 20;
            c.diffusion.sampling.steps = 20;
        }
        return c;
    }

    /** The edge standardizer these settings describe. */
    public EdgeStandardizer standardizer() {
        return new EdgeStandardizer(edgeLow, edgeHigh, edgeThickness);
    }

    /** The diffusion config with the run's seed (a copy: this config is not changed). */
    public DiffusionConfig stages() {
        DiffusionConfig d = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().convertValue(diffusion, DiffusionConfig.class);
        d.seed = seed;
        return d;
    }

    @Override
    public Sketch2PhotoConfig validate() {
        ConfigChecks.check(this);
        if (!(edgeHigh >= edgeLow)) throw invalid("edgeHigh", "a threshold >= edgeLow (" + edgeLow + ")");
        if (diffusion == null) throw invalid("diffusion", "the latent diffusion settings");
        if (base == null || base.run == null) throw invalid("base.run", "a train diffusion run directory or empty");
        if (diffusion.dataset == null || !(diffusion.dataset.equals("openmoji-sketch") || diffusion.dataset.startsWith("openmoji-sketch:"))) {
            throw invalid("diffusion.dataset", "openmoji-sketch (with options, e.g. openmoji-sketch:size=32): the test needs hand-drawn line art"
                    + " paired with colour ground truth");
        }
        if (diffusion.seed != 0) throw invalid("diffusion.seed", "no value here (the top-level seed seeds every stage)");
        try {
            diffusion.validate();
        } catch (IllegalArgumentException e) {
            throw invalid("diffusion", e.getMessage());
        }
        return this;
    }
}
