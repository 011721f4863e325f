package dev.mamori.methods.diffusion;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonMerge;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mamori.methods.common.ExperimentConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration of {@code mamori train diffusion} (a YAML/JSON file names only what it changes over the default
 * or {@code --quick} preset; unknown fields are errors). The default trains, on the captioned emoji-category images at
 * 32x32: the CLIP-style pair, the KL autoencoder (32x32x3 to 8x8x4), then the text-conditioned UNet on the cached
 * latents, sized to take about an hour on two CPU cores; then measures the result against an independent ConvMixer
 * classifier (trained in the run unless {@code evaluation.classifier} names one). {@code --quick} is a few-minute run
 * on a subset with tiny epochs (a smoke test, not a model). Models are registry names with config overrides, so the
 * same file scales up for a GPU or more time.
 * <pre>
 * unet: {epochs: 60, batchSize: 64}
 * evaluation: {promptsPerCategory: 40}
 * </pre>
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonPropertyOrder({"dataset", "seed"})
public final class DiffusionConfig extends ExperimentConfig {
    /** A captioned image dataset of the catalog (emoji-category, emoji-faces, openmoji-sketch), with its options. */
    @JsonProperty public String dataset = "emoji-category";
    /** Training images to use (0: the whole training split). */
    @JsonProperty public int trainSubset = 0;
    /**
     * How an example's text is made: {caption} is the dataset's caption (the emoji's name), {category} the class name
     * in lower case ("smileys & emotion"). The default names both, so a prompt can ask for a category.
     */
    @JsonProperty public String captionTemplate = "{category}: {caption}";
    /** Text tokens per caption, start and end included (longer captions are truncated). */
    @JsonProperty public int contextLength = 16;
    /** Words seen fewer times in the training captions map to the unknown token. */
    @JsonProperty public int minWordCount = 1;
    /** Save a resumable checkpoint at least this often (seconds), besides every epoch end. */
    @JsonProperty public double checkpointEverySeconds = 120;

    @JsonMerge @JsonProperty public ClipStage clip = new ClipStage();
    @JsonMerge @JsonProperty public VaeStage vae = new VaeStage();
    @JsonMerge @JsonProperty public UnetStage unet = new UnetStage();
    @JsonMerge @JsonProperty public Sampling sampling = new Sampling();
    @JsonMerge @JsonProperty public Evaluation evaluation = new Evaluation();

    /** What every training stage has. */
    public abstract static class Stage {
        /** Registry model name (mamori train --list-models shows the classifiers; the generative ones are in the README). */
        @JsonProperty public String model;
        /** Overrides of the model's config fields (e.g. blockOutChannels: [128, 256] for a larger UNet). */
        @JsonProperty public Map<String, Object> modelConfig = new LinkedHashMap<>();
        @JsonProperty public int epochs;
        @JsonProperty public int batchSize = 64;
        @JsonProperty public double lr;
        @JsonProperty public double weightDecay = 0.01;
        /** Linear learning-rate warm-up steps, then cosine decay to 10% over the stage. */
        @JsonProperty public int warmupSteps = 100;
        @JsonProperty public double gradClip = 1.0;

        void validate(String name) {
            require(model != null && !model.isBlank(), name + ".model", "a registry model name");
            require(epochs >= 0, name + ".epochs", "epochs >= 0");
            require(batchSize >= 1, name + ".batchSize", "a positive batch size");
            require(lr > 0, name + ".lr", "a positive learning rate");
            require(weightDecay >= 0, name + ".weightDecay", "a weight decay >= 0");
            require(warmupSteps >= 0, name + ".warmupSteps", "warm-up steps >= 0");
            require(gradClip >= 0, name + ".gradClip", "a clipping norm >= 0 (0: off)");
        }
    }

    /** The CLIP-style pair, trained first (its image tower gives the autoencoder's perceptual loss). */
    public static final class ClipStage extends Stage {
        public ClipStage() {
            model = "clip_emoji_32";
            epochs = 10;
            batchSize = 128;
            lr = 5e-4;
            weightDecay = 0.1;
        }
    }

    /** The KL autoencoder. */
    public static final class VaeStage extends Stage {
        /** latent diffusion's KL weight, relative to the reconstruction summed over pixels (1e-6 there). */
        @JsonProperty public double klWeight = 1e-6;
        /** Weight of the perceptual distance in the CLIP image tower's features (0: off). */
        @JsonProperty public double perceptualWeight = 0.1;
        /** The CLIP image tower's layers the perceptual distance reads (the embedding and the first N encoder layers). */
        @JsonProperty public int perceptualLayers = 2;
        /** Weight of the patch discriminator's hinge loss (0: no discriminator, the default: it doubles the cost). */
        @JsonProperty public double discriminatorWeight = 0;
        /** Steps before the discriminator joins. */
        @JsonProperty public long discriminatorStart = 2000;
        /** Mirror training images at random. */
        @JsonProperty public boolean flip = true;

        public VaeStage() {
            model = "vae_kl_emoji_32";
            epochs = 8;
            batchSize = 32;
            lr = 1e-3;
            weightDecay = 0;
        }

        @Override
        void validate(String name) {
            super.validate(name);
            require(perceptualLayers >= 0, name + ".perceptualLayers", "a layer count >= 0");
            require(klWeight >= 0 && perceptualWeight >= 0 && discriminatorWeight >= 0 && discriminatorStart >= 0, name,
                    "loss weights and the discriminator start >= 0");
        }
    }

    /** The denoising UNet, trained on the cached latents with the frozen text tower. */
    public static final class UnetStage extends Stage {
        /** Probability of dropping an example's caption (the unconditional model of classifier-free guidance). */
        @JsonProperty public double conditionDropout = 0.1;
        /** epsilon or v_prediction. */
        @JsonProperty public String prediction = "epsilon";
        /** scaled_linear (latent diffusion's, 0.00085 to 0.012) or linear (DDPM's, 1e-4 to 0.02), 1000 steps. */
        @JsonProperty public String betaSchedule = "scaled_linear";
        /** EMA decay of the UNet's weights (0: none); the EMA weights are the ones saved and sampled. */
        @JsonProperty public double ema = 0.999;

        public UnetStage() {
            model = "unet_emoji_8";
            epochs = 30;
            batchSize = 64;
            lr = 5e-4;
            warmupSteps = 200;
        }

        @Override
        void validate(String name) {
            super.validate(name);
            require(conditionDropout >= 0 && conditionDropout < 1, name + ".conditionDropout", "a probability in [0, 1)");
            require(List.of("epsilon", "v_prediction").contains(prediction), name + ".prediction", "epsilon or v_prediction");
            require(List.of("scaled_linear", "linear").contains(betaSchedule), name + ".betaSchedule", "scaled_linear or linear");
            require(ema == 0 || (ema > 0 && ema < 1), name + ".ema", "0 or a decay in (0, 1)");
        }
    }

    /** How the evaluation samples (mamori generate takes its own options). */
    public static final class Sampling {
        /** ddim or ddpm. */
        @JsonProperty public String sampler = "ddim";
        @JsonProperty public int steps = 50;
        @JsonProperty public double eta = 0;
        @JsonProperty public int batchSize = 64;
    }

    /** What is measured after training. */
    public static final class Evaluation {
        /** A classifier file written by `mamori train` on the same dataset (empty: train the ConvMixer baseline in the run). */
        @JsonProperty public String classifier = "";
        /** Epochs of that baseline when it is trained here (README's colour baseline: 20). */
        @JsonProperty public int classifierEpochs = 20;
        /** The baseline's registry model (patch-embedded: its pooled features are the FID-style features). */
        @JsonProperty public String classifierModel = "convmixer_256_8";
        /** Its config overrides (README's colour baseline: ConvMixer-128/8 with patch 4). */
        @JsonProperty public Map<String, Object> classifierModelConfig = new LinkedHashMap<>(Map.of("dim", 128, "patchSize", 4));
        /** Prompts per category, from held-out (test-split) captions; one image per prompt and guidance scale. */
        @JsonProperty public int promptsPerCategory = 24;
        /** Guidance scales compared (the 1 vs 5). */
        @JsonProperty public List<Double> guidanceScales = new ArrayList<>(List.of(1.0, 5.0));
        /** Test images whose VAE reconstructions are measured (0: all). */
        @JsonProperty public int reconstructionImages = 0;
        /** Images per row in the sample grids. */
        @JsonProperty public int gridColumns = 8;
        /** DDIM steps of the inversion round trip measured on a few held-out images (0: skip). */
        @JsonProperty public int inversionImages = 16;
    }

    public static DiffusionConfig of(Preset preset) {
        DiffusionConfig c = new DiffusionConfig();
        if (preset == Preset.QUICK) {
            c.trainSubset = 384;
            c.checkpointEverySeconds = 30;
            c.clip.epochs = 2;
            c.clip.batchSize = 64;
            c.clip.warmupSteps = 2;
            c.vae.epochs = 2;
            c.vae.warmupSteps = 4;
            c.unet.epochs = 3;
            c.unet.warmupSteps = 4;
            c.sampling.steps = 10;
            c.evaluation.classifierEpochs = 2;
            c.evaluation.promptsPerCategory = 2;
            c.evaluation.reconstructionImages = 64;
            c.evaluation.inversionImages = 4;
        }
        return c;
    }

    @Override
    public DiffusionConfig validate() {
        require(dataset != null && !dataset.isBlank(), "dataset", "a dataset name");
        require(trainSubset >= 0, "trainSubset", "0 (all) or a positive count");
        require(captionTemplate != null && captionTemplate.contains("{caption}") || captionTemplate != null && captionTemplate.contains("{category}"),
                "captionTemplate", "a template with {caption} and/or {category}");
        require(contextLength >= 3 && contextLength <= 512, "contextLength", "a context of 3 to 512 tokens");
        require(minWordCount >= 1, "minWordCount", "a count >= 1");
        require(checkpointEverySeconds >= 0, "checkpointEverySeconds", "seconds >= 0");
        clip.validate("clip");
        vae.validate("vae");
        unet.validate("unet");
        require(List.of("ddim", "ddpm").contains(sampling.sampler), "sampling.sampler", "ddim or ddpm");
        require(sampling.steps >= 1 && sampling.steps <= 1000, "sampling.steps", "1 to 1000 steps");
        require(sampling.eta >= 0 && sampling.eta <= 1, "sampling.eta", "eta in [0, 1]");
        require(sampling.batchSize >= 1, "sampling.batchSize", "a positive batch size");
        require(evaluation.classifierEpochs >= 1, "evaluation.classifierEpochs", "a positive number of epochs");
        require(evaluation.promptsPerCategory >= 1, "evaluation.promptsPerCategory", "a positive count");
        require(!evaluation.guidanceScales.isEmpty() && evaluation.guidanceScales.stream().allMatch(g -> g != null && g >= 1),
                "evaluation.guidanceScales", "guidance scales >= 1");
        require(evaluation.reconstructionImages >= 0, "evaluation.reconstructionImages", "0 (all) or a positive count");
        require(evaluation.gridColumns >= 1, "evaluation.gridColumns", "a positive number of columns");
        require(evaluation.inversionImages >= 0, "evaluation.inversionImages", "a count >= 0");
        return this;
    }

    private static void require(boolean ok, String field, String expected) {
        if (!ok) throw invalid(field, expected);
    }
}
