package dev.mamori.methods.spurious;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonMerge;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.common.config.Check;
import dev.mamori.methods.common.config.ConfigChecks;
import dev.mamori.methods.diffusion.DiffusionConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration of {@code mamori run spurious} (a YAML/JSON file names only what it changes over the default or
 * {@code --quick} preset; unknown fields are errors): the spurious-correlation dataset, the classifiers trained on it
 * (several plain ones that are judged, one PGD-trained one whose features feed the similarity loss), the base latent
 * diffusion model (a given {@code train diffusion} run or trained here as a stage), and the DreamBooth fine-tuning of
 * both arms (without and with the spurious-feature similarity loss) over the seeds.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonPropertyOrder({"seed", "seeds"})
public final class SpuriousConfig extends ExperimentConfig {
    /** Training seeds: each seeds both arms' fine-tuning (paired) and the generations measured. */
    @JsonProperty public List<Long> seeds = new ArrayList<>(List.of(0L, 1L, 2L));

    @JsonMerge @JsonProperty public Correlation correlation = new Correlation();
    @JsonMerge @JsonProperty public Classifiers classifiers = new Classifiers();
    @JsonMerge @JsonProperty public Base base = new Base();
    @JsonMerge @JsonProperty public DreamBooth dreambooth = new DreamBooth();
    @JsonMerge @JsonProperty public Evaluation evaluation = new Evaluation();

    /** The known spurious correlation planted in emoji-category. */
    public static final class Correlation {
        /** The class that co-occurs with the background pattern (an emoji-category class name). */
        @JsonProperty public String targetClass = "Food & Drink";
        /** Share of the target class's training images drawn on the pattern. */
        @Check(min = 0, max = 1) @JsonProperty public double targetRate = 0.9;
        /** Share of every other class's training images drawn on the pattern. */
        @Check(min = 0, max = 1) @JsonProperty public double otherRate = 0.03;
        /** Stripe period of the pattern in pixels (16: 8-pixel bands, two latent pixels wide after the VAE's 4x downsampling). */
        @Check(min = 2, max = 32) @JsonProperty public int period = 16;
        /** Reference images of the pattern without any object (what DreamBooth is fine-tuned on). */
        @Check(min = 1, max = 64) @JsonProperty public int references = 5;
        /** A folder of reference PNGs to fine-tune on instead of the generated ones (empty: generate {@link #references}). */
        @JsonProperty public String referenceFolder = "";
        /** Pattern-only and plain-background images the learnt correlation is checked on. */
        @Check(min = 4) @JsonProperty public int probes = 64;
        /** Training images kept (0: all). */
        @Check(min = 0) @JsonProperty public int trainSubset = 0;
    }

    /** The classifiers trained on the correlated data. */
    public static final class Classifiers {
        /** The judged classifiers (at least three), each a registry model with config overrides; trained with their own seed. */
        @JsonProperty public List<ClassifierSpec> judged = new ArrayList<>(List.of(
                ClassifierSpec.of("convmixer_256_8", Map.of("dim", 128, "depth", 8, "patchSize", 4)),
                ClassifierSpec.of("convmixer_256_8", Map.of("dim", 96, "depth", 6, "patchSize", 2, "kernelSize", 3)),
                ClassifierSpec.of("resnet_tiny_cifar", Map.of("inChannels", 3, "imageSize", 32))));
        /** The robust classifier (patch-embedded: its pooled features are the loss's features). */
        @JsonProperty public ClassifierSpec robust = ClassifierSpec.of("convmixer_256_8", Map.of("dim", 96, "depth", 6, "patchSize", 4));
        @Check(min = 1) @JsonProperty public int epochs = 6;
        @Check(min = 1) @JsonProperty public int robustEpochs = 4;
        @Check(min = 0, minExclusive = true) @JsonProperty public double lr = 0.01;
        /** L-inf PGD budget of the robust classifier's adversarial training (Madry et al. 2018: 8/255 on CIFAR-10). */
        @Check(min = 0, minExclusive = true, max = 1) @JsonProperty public double pgdEpsilon = 8.0 / 255;
        @Check(min = 1) @JsonProperty public int pgdSteps = 3;
    }

    /** One classifier: a registry model and its config overrides. */
    public static final class ClassifierSpec {
        @JsonProperty public String model;
        @JsonProperty public Map<String, Object> modelConfig = new LinkedHashMap<>();

        public static ClassifierSpec of(String model, Map<String, Object> config) {
            ClassifierSpec s = new ClassifierSpec();
            s.model = model;
            s.modelConfig.putAll(config);
            return s;
        }

        @Override
        public String toString() {
            return model + modelConfig;
        }
    }

    /** The frozen base text-to-image model. */
    public static final class Base {
        /** A {@code mamori train diffusion} run directory (its {@code pipeline/}); empty: train one here with {@link #training}. */
        @JsonProperty public String run = "";
        /**
         * The latent diffusion training used when no run is given (the base model never sees the pattern): train
         * diffusion's default models with a third of its epochs, so that the whole experiment fits about an hour.
         */
        @JsonMerge @JsonProperty public DiffusionConfig training = reducedBase();

        private static DiffusionConfig reducedBase() {
            DiffusionConfig c = DiffusionConfig.of(Preset.DEFAULT);
            c.clip.epochs = 4;
            c.vae.epochs = 3;
            c.unet.epochs = 10;
            return c;
        }
    }

    /** DreamBooth (Ruiz et al. 2023) with prior preservation, and the spurious-feature similarity loss of the second arm. */
    public static final class DreamBooth {
        /** The class noun of the prompts: "<rare token> <classPrompt>" for the references, "<classPrompt>" for the prior. */
        @JsonProperty public String classPrompt = "symbols";
        /** The rare token (empty: the rarest word of the base model's vocabulary, see RareToken). */
        @JsonProperty public String rareToken = "";
        /** Class images generated by the frozen base model for prior preservation. */
        @Check(min = 1) @JsonProperty public int classImages = 32;
        /** Weight of the prior-preservation loss (DreamBooth's lambda, 1 in the paper). */
        @Check(min = 0) @JsonProperty public double priorWeight = 1.0;
        /** Weight of the spurious-feature similarity loss in the "with loss" arm. */
        @Check(min = 0, minExclusive = true) @JsonProperty public double similarityWeight = 0.5;
        /** The similarity loss looks at x0-predictions of timesteps below this (noisier ones decode to blur). */
        @Check(min = 1, max = 1000) @JsonProperty public int similarityMaxTimestep = 600;
        /** Optimizer steps; each sees one batch of instance + prior halves. */
        @Check(min = 1) @JsonProperty public int steps = 200;
        /** Instance examples per batch (the prior half has as many). */
        @Check(min = 1) @JsonProperty public int instancesPerBatch = 4;
        @Check(min = 0, minExclusive = true) @JsonProperty public double lr = 2e-4;
        /** Fine-tune the text encoder too (DreamBooth's better-fidelity variant) instead of keeping it frozen. */
        @JsonProperty public boolean trainTextEncoder = false;
        /** LoRA rank on the UNet's attention projections (0: full UNet fine-tuning). */
        @Check(min = 0) @JsonProperty public int loraRank = 0;
        @Check(min = 0, minExclusive = true) @JsonProperty public double loraAlpha = 8;
    }

    /** What is measured on generations. */
    public static final class Evaluation {
        /** Images generated per seed and arm for the instance prompt (and for the class prompt). */
        @Check(min = 1) @JsonProperty public int images = 32;
        @Check(min = 1, max = 1000) @JsonProperty public int samplingSteps = 25;
        @Check(min = 1) @JsonProperty public double guidance = 3.0;
        /** The judge's epochs (a ConvMixer trained on the unmodified images, used for prior preservation). */
        @Check(min = 1) @JsonProperty public int judgeEpochs = 6;
        /** The judge's ConvMixer config overrides (README's colour baseline: ConvMixer-128/8 with patch 4). */
        @JsonProperty public Map<String, Object> judgeModelConfig = new LinkedHashMap<>(Map.of("dim", 128, "patchSize", 4));
        @Check(min = 1) @JsonProperty public int gridColumns = 8;
    }

    public static SpuriousConfig of(Preset preset) {
        SpuriousConfig c = new SpuriousConfig();
        if (preset == Preset.QUICK) {
            c.correlation.references = 4;
            c.correlation.probes = 32;
            c.classifiers.judged = new ArrayList<>(List.of(
                    ClassifierSpec.of("convmixer_256_8", Map.of("dim", 64, "depth", 4, "patchSize", 4)),
                    ClassifierSpec.of("convmixer_256_8", Map.of("dim", 48, "depth", 3, "patchSize", 2, "kernelSize", 3)),
                    ClassifierSpec.of("resnet_tiny_cifar", Map.of("inChannels", 3, "imageSize", 32))));
            c.classifiers.robust = ClassifierSpec.of("convmixer_256_8", Map.of("dim", 48, "depth", 3, "patchSize", 4));
            c.classifiers.epochs = 3;
            c.classifiers.robustEpochs = 2;
            c.classifiers.pgdSteps = 2;
            c.base.training = DiffusionConfig.of(Preset.QUICK);
            c.base.training.vae.epochs = 4;
            c.base.training.unet.epochs = 6;
            c.dreambooth.classImages = 8;
            c.dreambooth.steps = 100;
            c.dreambooth.instancesPerBatch = 4;
            c.dreambooth.lr = 1e-3;
            c.evaluation.images = 16;
            c.evaluation.samplingSteps = 10;
            c.evaluation.judgeEpochs = 2;
        }
        return c;
    }

    @Override
    public SpuriousConfig validate() {
        ConfigChecks.check(this);
        if (seeds == null || seeds.isEmpty() || seeds.stream().anyMatch(java.util.Objects::isNull)) throw invalid("seeds", "at least one seed");
        if (seeds.stream().distinct().count() != seeds.size()) throw invalid("seeds", "distinct seeds");
        if (correlation.targetClass == null || correlation.targetClass.isBlank()) throw invalid("correlation.targetClass", "a class name of the dataset");
        if (correlation.targetRate <= correlation.otherRate) {
            throw invalid("correlation.targetRate", "a rate above correlation.otherRate (the pattern must co-occur with the class)");
        }
        if (classifiers.judged == null || classifiers.judged.size() < 3) throw invalid("classifiers.judged", "at least three classifiers");
        for (int i = 0; i < classifiers.judged.size(); i++) {
            ClassifierSpec s = classifiers.judged.get(i);
            if (s == null || s.model == null || s.model.isBlank()) throw invalid("classifiers.judged[" + i + "].model", "a registry model name");
        }
        if (classifiers.robust == null || classifiers.robust.model == null || classifiers.robust.model.isBlank()) {
            throw invalid("classifiers.robust.model", "a registry model name (patch-embedded: ConvMixer or ViT)");
        }
        if (dreambooth.classPrompt == null || dreambooth.classPrompt.isBlank()) throw invalid("dreambooth.classPrompt", "a class noun");
        if (dreambooth.rareToken == null || dreambooth.rareToken.contains(" ")) throw invalid("dreambooth.rareToken", "one word, or empty to choose it");
        if (base.run == null) throw invalid("base.run", "a train diffusion run directory or empty");
        if (base.run.isBlank()) base.training.validate();
        return this;
    }
}
