package dev.mamori.methods.accesscontrol.experiment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mamori.methods.accesscontrol.ProtectionScheme;
import dev.mamori.methods.accesscontrol.transforms.KeyedTransformKind;
import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.common.config.ConfigChecks;

import java.util.ArrayList;
import java.util.List;

/**
 * The configuration of {@link AccessControlExperiment} (every field has a default; a config file names only what it
 * changes; unknown fields are errors). The defaults are the report's run: emoji-detection (64x64, 4 classes; 2,000
 * training and 500 test canvases), a narrow CenterNet trained 8 epochs, 3 training seeds, three feature-map transforms
 * after backbone stages 1 and 2, two input-image transforms, 50 wrong keys per model and a fine-tuning attacker with 1%
 * of the training data; 54 detectors, about 1.5-2.5 hours on a shared 2-core machine (the last 16 took 42 minutes beside
 * three other runs). {@link #quick()} is a few minutes on subsets
 * with one seed.
 * <pre>
 * dataset: emoji-detection:size=64,classes=smileys+flags
 * seeds: [0, 1, 2]
 * stages: [1]
 * featureTransforms: [pixel_shuffle]
 * keys: seeded
 * </pre>
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonPropertyOrder({"dataset", "seed"})
public final class AccessControlConfig extends ExperimentConfig {
    /** Where key material comes from. */
    public static final List<String> KEY_SOURCES = List.of("secure", "seeded");

    /** A detection dataset of the catalog (with options), or a COCO dataset ("coco"); all images of one size. */
    @JsonProperty public String dataset = "emoji-detection";
    /** Training images, the first of the training split (0 = all of it). */
    @JsonProperty public int trainImages = 2000;
    /** Test images, the first of the test split (0 = all of it). */
    @JsonProperty public int testImages = 500;
    /** The detector (a registry name of the detection kind); classes and image size are set from the data. */
    @JsonProperty public String model = "centernet_mini_64";
    /** Training seeds: every condition is trained once per seed (the same initial weights and batch order within a seed). */
    @JsonProperty public List<Long> seeds = new ArrayList<>(List.of(0L, 1L, 2L));
    @JsonProperty public int epochs = 8;
    @JsonProperty public int batchSize = 32;
    /** Peak learning rate of Adam (linear warm-up, cosine decay). */
    @JsonProperty public double lr = 0.002;
    /** Object slots per image of the CenterNet targets. */
    @JsonProperty public int maxObjects = 16;
    /** Keyed transforms of feature maps: pixel_shuffle, channel_shuffle, negative_positive. */
    @JsonProperty public List<String> featureTransforms = new ArrayList<>(List.of("pixel_shuffle", "channel_shuffle", "negative_positive"));
    /** Backbone stages (1 = the first) after which a feature-map transform goes. */
    @JsonProperty public List<Integer> stages = new ArrayList<>(List.of(1, 2));
    /** Block size M of feature-map pixel shuffling and negative/positive. */
    @JsonProperty public int featureBlockSize = 2;
    /** The alternative the paper argues against: block-wise transforms of the input images (empty: not run). */
    @JsonProperty public List<String> inputTransforms = new ArrayList<>(List.of("pixel_shuffle", "negative_positive"));
    /** Block size M of the input-image transforms (the key-based defense's blocks). */
    @JsonProperty public int inputBlockSize = 4;
    /** Wrong keys tried on every protected model (0: not measured). */
    @JsonProperty public int wrongKeys = 50;
    /** Test images (the first of the test set) every wrong key is evaluated on. */
    @JsonProperty public int wrongKeyImages = 150;
    /** The fine-tuning attacker's share of the labelled training data (0: no attacker). */
    @JsonProperty public double attackerFraction = 0.01;
    /** Epochs of the attacker's fine-tuning on that share. */
    @JsonProperty public int attackerEpochs = 30;
    @JsonProperty public double attackerLr = 0.001;
    /** Also train a fresh detector on the attacker's share alone: what the attacker gets without the stolen model. */
    @JsonProperty public boolean attackerFromScratch = true;
    /** secure (SecureRandom, the default) or seeded (reproducible from the run's seed: experiments and tests only). */
    @JsonProperty public String keys = "secure";
    /** Detections kept per image (the COCO limit of 100). */
    @JsonProperty public int topK = 100;
    /** Images per evaluation batch. */
    @JsonProperty public int evalBatchSize = 100;
    /**
     * Every training also checkpoints this often (besides every epoch end), so that a killed run resumed with
     * {@code --resume} loses at most about this much work (0: epoch ends only). It does not change what is computed.
     */
    @JsonProperty public double checkpointEverySeconds = 120;

    public AccessControlConfig() {}

    public static AccessControlConfig of(Preset preset) {
        return preset == Preset.QUICK ? quick() : defaults();
    }

    public static AccessControlConfig defaults() {
        return new AccessControlConfig();
    }

    /** A few minutes: 600 / 150 images, one seed, two feature transforms after stage 1, one input transform, 5 wrong keys. */
    public static AccessControlConfig quick() {
        AccessControlConfig c = new AccessControlConfig();
        c.trainImages = 600;
        c.testImages = 150;
        c.seeds = new ArrayList<>(List.of(0L));
        c.epochs = 4;
        c.featureTransforms = new ArrayList<>(List.of("pixel_shuffle", "negative_positive"));
        c.stages = new ArrayList<>(List.of(1));
        c.inputTransforms = new ArrayList<>(List.of("pixel_shuffle"));
        c.wrongKeys = 5;
        c.wrongKeyImages = 60;
        c.attackerFraction = 0.05;
        c.attackerEpochs = 5;
        return c;
    }

    /** The feature-map schemes (transform x stage), then the input-image schemes, in config order. */
    public List<ProtectionScheme> schemes() {
        List<ProtectionScheme> out = new ArrayList<>();
        for (int stage : stages) {
            for (String t : featureTransforms) out.add(new ProtectionScheme(stage, KeyedTransformKind.fromConfigName(t), featureBlockSize));
        }
        for (String t : inputTransforms) out.add(new ProtectionScheme(0, KeyedTransformKind.fromConfigName(t), inputBlockSize));
        return out;
    }

    public boolean seededKeys() {
        return keys.equals("seeded");
    }

    @Override
    public AccessControlConfig validate() {
        ConfigChecks.check(this);
        if (dataset == null || dataset.isBlank()) throw invalid("dataset", "a detection dataset name");
        if (trainImages < 0) throw invalid("trainImages", "a number >= 0 (0 = all)");
        if (testImages < 0) throw invalid("testImages", "a number >= 0 (0 = all)");
        if (model == null || model.isBlank()) throw invalid("model", "a detector of the model registry");
        if (seeds == null || seeds.isEmpty() || seeds.stream().anyMatch(java.util.Objects::isNull)) throw invalid("seeds", "at least one training seed");
        if (seeds.stream().distinct().count() != seeds.size()) throw invalid("seeds", "distinct seeds");
        if (epochs < 1) throw invalid("epochs", "a positive number of epochs");
        if (batchSize < 1) throw invalid("batchSize", "a positive batch size");
        if (!(lr > 0)) throw invalid("lr", "a positive learning rate");
        if (maxObjects < 1) throw invalid("maxObjects", "a positive number of object slots");
        if (featureTransforms.isEmpty()) throw invalid("featureTransforms", "at least one of pixel_shuffle, channel_shuffle, negative_positive");
        for (String t : featureTransforms) kind("featureTransforms", t);
        for (String t : inputTransforms) kind("inputTransforms", t);
        if (stages.isEmpty() || stages.stream().anyMatch(s -> s == null || s < 1)) throw invalid("stages", "backbone stages >= 1");
        if (featureBlockSize < 1) throw invalid("featureBlockSize", "a positive block size");
        if (inputBlockSize < 1) throw invalid("inputBlockSize", "a positive block size");
        if (wrongKeys < 0) throw invalid("wrongKeys", "a number >= 0");
        if (wrongKeyImages < 1) throw invalid("wrongKeyImages", "a positive number of images");
        if (!(attackerFraction >= 0 && attackerFraction < 1)) throw invalid("attackerFraction", "a share in [0, 1)");
        if (attackerEpochs < 1) throw invalid("attackerEpochs", "a positive number of epochs");
        if (!(attackerLr > 0)) throw invalid("attackerLr", "a positive learning rate");
        if (!KEY_SOURCES.contains(keys)) throw invalid("keys", "one of " + KEY_SOURCES);
        if (topK < 1) throw invalid("topK", "a positive number of detections");
        if (evalBatchSize < 1) throw invalid("evalBatchSize", "a positive batch size");
        if (!(checkpointEverySeconds >= 0)) throw invalid("checkpointEverySeconds", "seconds >= 0 (0: at epoch ends only)");
        return this;
    }

    private static void kind(String field, String name) {
        try {
            KeyedTransformKind.fromConfigName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config field '" + field + "': " + e.getMessage());
        }
    }
}
