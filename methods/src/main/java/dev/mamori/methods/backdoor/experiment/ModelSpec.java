package dev.mamori.methods.backdoor.experiment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonMerge;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mamori.methods.common.ExperimentConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model of the backdoor experiment: a registry classifier (its input channels, size and classes follow the dataset),
 * how the attacker trains it on poisoned data (AdamW, one-cycle), and the layers the layer-specific defenses use.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class ModelSpec {
    /** Registry name or family. */
    @JsonProperty public String model = "simple_cnn";
    /** Config overrides of the registry model (inChannels, imageSize and numClasses are set from the dataset). */
    @JsonMerge @JsonProperty public Map<String, Object> config = new LinkedHashMap<>();
    /** Epochs of poisoned training, on datasets that {@link #datasetEpochs} does not name. */
    @JsonProperty public int epochs = 4;
    /**
     * Epochs on named datasets (see {@link PerDataset} for how names match), overriding {@link #epochs} there: a budget
     * chosen for Fashion-MNIST's 5,000 grey images (79 steps an epoch) gives emoji-category's 3,048 colour ones 48 an
     * epoch, and at 3 epochs (144 steps) the backdoors did not implant there.
     */
    @JsonMerge @JsonProperty public Map<String, Integer> datasetEpochs = new LinkedHashMap<>();
    /** The peak learning rate (one-cycle AdamW), on datasets that {@link #datasetLr} does not name. */
    @JsonProperty public double lr = 0.01;
    /**
     * The peak learning rate on named datasets, overriding {@link #lr} there: in one-seed probes on emoji-category the
     * small CNN implanted Blend better at 0.003 for 10 epochs (ASR 91.1%) than at 0.01 for 12 (86.0%), BadNets alike.
     */
    @JsonMerge @JsonProperty public Map<String, Double> datasetLr = new LinkedHashMap<>();
    @JsonProperty public double weightDecay = 0.01;
    @JsonProperty public int batchSize = 64;
    /** The late convolutional layer whose channels fine-pruning prunes. */
    @JsonProperty public String finePruneLayer = "conv4";
    /** The layers whose attention maps NAD distils. */
    @JsonProperty public List<String> nadLayers = new ArrayList<>(List.of("conv2", "conv4"));
    /** The attacks this model is backdoored with (names of the config's attacks; empty: every attack in useAttacks). */
    @JsonProperty public List<String> attacks = new ArrayList<>();
    /** The linear layers our edit changes, in order (empty: the head). */
    @JsonProperty public List<String> editLayers = new ArrayList<>();
    /** The Linear or Conv2d layer whose strongest units the trojan-style patch is optimized to drive. */
    @JsonProperty public String trojanLayer = "fc1";

    public ModelSpec() {}

    /**
     * SimpleCnn with width 16 and 64 hidden units (about 130 k parameters at 28x28); our edit changes fc1, the layer
     * that reads the last convolutional features (the head's 64 inputs leave the trigger too entangled to cancel).
     */
    public static ModelSpec cnn() {
        ModelSpec s = new ModelSpec();
        s.model = "simple_cnn";
        s.config.put("width", 16);
        s.config.put("hidden", 64);
        s.editLayers = new ArrayList<>(List.of("fc1"));
        // emoji-category: 48 steps an epoch (3,048 images) against Fashion-MNIST's 79; chosen by one-seed probes (README)
        s.datasetEpochs.put("emoji-category", 10);
        s.datasetLr.put("emoji-category", 0.003);
        return s;
    }

    /**
     * The tiny CIFAR-style ResNet (one basic block per stage, widths 16-128); our edit changes the two convolutions that
     * read the third stage's output (the last block's first convolution and its shortcut), so the last stage sees
     * cleaned activations. By default it is backdoored with BadNets and Blend only (the goal's attacks; the full preset
     * adds the others).
     */
    public static ModelSpec resnet() {
        ModelSpec s = new ModelSpec();
        s.model = "resnet_tiny_cifar";
        s.finePruneLayer = "layer4";
        s.nadLayers = new ArrayList<>(List.of("layer2", "layer3", "layer4"));
        s.trojanLayer = "layer4.0.conv2";
        s.attacks = new ArrayList<>(List.of("badnets", "blend"));
        s.editLayers = new ArrayList<>(List.of("layer4.0.conv1", "layer4.0.downsample.0"));
        s.datasetEpochs.put("emoji-category", 8);
        return s;
    }

    /** The epochs of poisoned (and clean-floor) training on {@code dataset}. */
    public int epochsOn(String dataset) {
        return PerDataset.lookup(datasetEpochs, dataset, epochs);
    }

    /** The peak learning rate of poisoned (and clean-floor) training on {@code dataset}. */
    public double lrOn(String dataset) {
        return PerDataset.lookup(datasetLr, dataset, lr);
    }

    void validate(String name) {
        if (model == null || model.isBlank()) throw ExperimentConfig.invalid("models." + name + ".model", "a registry model name");
        if (epochs < 1) throw ExperimentConfig.invalid("models." + name + ".epochs", "a positive number of epochs");
        PerDataset.check(datasetEpochs, "models." + name + ".datasetEpochs", e -> e >= 1, "a positive number of epochs");
        if (!(lr > 0)) throw ExperimentConfig.invalid("models." + name + ".lr", "a positive learning rate");
        PerDataset.check(datasetLr, "models." + name + ".datasetLr", l -> l > 0, "a positive learning rate");
        if (batchSize < 1) throw ExperimentConfig.invalid("models." + name + ".batchSize", "a positive batch size");
        if (nadLayers == null || nadLayers.isEmpty()) throw ExperimentConfig.invalid("models." + name + ".nadLayers", "at least one layer");
    }
}
