package dev.mamori.methods.backdoor.experiment;

import dev.mamori.methods.backdoor.TrainingAdapter;
import dev.mamori.methods.backdoor.poisoning.PoisonSpec;
import dev.mamori.methods.backdoor.poisoning.PoisonedSet;
import dev.mamori.methods.backdoor.poisoning.Poisoning;
import dev.mamori.methods.backdoor.triggers.BlendTrigger;
import dev.mamori.methods.backdoor.triggers.PatchTrigger;
import dev.mamori.methods.backdoor.triggers.SigTrigger;
import dev.mamori.methods.backdoor.triggers.Trigger;
import dev.mamori.methods.backdoor.triggers.TrojanPatch;
import dev.mamori.methods.backdoor.triggers.WaNetTrigger;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.methods.common.InMemoryBatchSource;
import dev.mamori.models.Classifier;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.Normalized;
import dev.mamori.nn.init.Init;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The attacker's side: builds the trigger of an {@link AttackSpec}, poisons the training images and trains the model
 * on them (through {@link TrainingAdapter}, AdamW with a one-cycle schedule, no augmentation). Everything random comes
 * from the seed: model initialization, the trigger (blend pattern, WaNet field), the poisoned indices.
 */
public final class BackdoorTraining {
    private BackdoorTraining() {}

    /**
     * A backdoored model and how it was made.
     *
     * @param epochs the attacker's training epochs on this dataset ({@link ModelSpec#epochsOn}; the trojan's clean ones included)
     * @param steps  the optimizer steps those epochs took
     */
    public record Backdoored(Normalized model, Trigger trigger, PoisonSpec spec, int poisoned, int noise, int epochs, long steps, double trainSeconds) {}

    public static Backdoored train(DatasetSplits data, ModelSpec modelSpec, AttackSpec attack, long seed, boolean verbose) {
        return train(data, modelSpec, attack, seed, verbose, null);
    }

    /**
     * As {@link #train(DatasetSplits, ModelSpec, AttackSpec, long, boolean)}, with each training phase checkpointed in
     * a directory under {@code checkpoints} (when not null) and continued from there: a run killed mid-training resumes
     * to the same model, a finished one is restored from its final checkpoint.
     */
    public static Backdoored train(DatasetSplits data, ModelSpec modelSpec, AttackSpec attack, long seed, boolean verbose, Path checkpoints) {
        Normalized model = newModel(data, modelSpec, ExperimentSeeds.of(seed, "model-init"));
        long t0 = System.nanoTime();
        int epochs = modelSpec.epochsOn(data.name());
        int cleanEpochs = 0;
        long steps = 0;
        Trigger trigger;
        if (attack.trigger.equals("trojan")) {
            // TrojanNN starts from a clean model: train it, optimize the patch on it, then retrain with poisoned data
            cleanEpochs = Math.min(attack.trojanCleanEpochs, epochs - 1);
            if (cleanEpochs > 0) steps += fit(model, data.trainImages(), data.trainLabels(), modelSpec, cleanEpochs, ExperimentSeeds.of(seed, "clean"), data.name(), verbose,
                    checkpoints == null ? null : checkpoints.resolve("clean")).steps();
            int probe = Math.min(256, data.trainLabels().length);
            int[] idx = new int[probe];
            for (int i = 0; i < probe; i++) idx[i] = i;
            trigger = TrojanPatch.builder().size(attack.trojanSize).steps(attack.trojanSteps).units(attack.trojanUnits).build()
                    .optimize(model, resolve(model, modelSpec.trojanLayer), Poisoning.rows(data.trainImages(), idx));
        } else {
            trigger = trigger(attack, data.name(), data.channels(), data.size(), ExperimentSeeds.of(seed, "trigger"));
        }
        PoisonSpec spec = attack.poisonSpec();
        PoisonedSet poisoned = Poisoning.poison(data.trainImages(), data.trainLabels(), data.numClasses(), trigger, spec, ExperimentSeeds.of(seed, "poison"));
        steps += fit(model, poisoned.images(), poisoned.labels(), modelSpec, epochs - cleanEpochs, ExperimentSeeds.of(seed, "train"), data.name(), verbose,
                checkpoints == null ? null : checkpoints.resolve("poisoned")).steps();
        model.eval();
        return new Backdoored(model, trigger, spec, poisoned.poisoned().length, poisoned.noise().length, epochs, steps, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The clean-model floor's model: the same architecture, initialization seed, optimizer and epochs as
     * {@link #train}, on the same training images without poison (checkpointed under {@code checkpoints} when not
     * null, so a resumed run restores it).
     */
    public static Normalized trainClean(DatasetSplits data, ModelSpec modelSpec, long seed, boolean verbose, Path checkpoints) {
        Normalized model = newModel(data, modelSpec, ExperimentSeeds.of(seed, "model-init"));
        fit(model, data.trainImages(), data.trainLabels(), modelSpec, modelSpec.epochsOn(data.name()), ExperimentSeeds.of(seed, "train"), data.name(), verbose,
                checkpoints);
        return model;
    }

    /** The trigger of a non-optimized attack for C x size x size images of {@code dataset} (which picks BadNets' pattern). */
    public static Trigger trigger(AttackSpec a, String dataset, int channels, int size, long seed) {
        return switch (a.trigger) {
            case "badnets" -> a.patchPatternOn(dataset).equals("checkerboard") ? PatchTrigger.checkerboard(channels, size, size, a.patchSize, 0, 0)
                    : PatchTrigger.badNets(channels, size, size, a.patchSize, 1.0, 0, 0);
            case "blend" -> BlendTrigger.randomNoise(channels, size, size, a.blendAlpha, seed);
            case "sig" -> new SigTrigger(channels, size, size, a.sigDelta, a.sigFrequency, true);
            case "wanet" -> WaNetTrigger.random(channels, size, a.wanetK, a.wanetStrength, a.wanetGridRescale, seed);
            default -> throw new IllegalArgumentException("trigger '" + a.trigger + "' is not built from parameters alone");
        };
    }

    /** A fresh registry model sized to the dataset, wrapped with the dataset's normalization. */
    public static Normalized newModel(DatasetSplits data, ModelSpec spec, long seed) {
        Init.seed(seed);
        Map<String, Object> overrides = new LinkedHashMap<>(spec.config);
        overrides.put("inChannels", data.channels());
        overrides.put("imageSize", data.size());
        overrides.put("numClasses", data.numClasses());
        Classifier inner = ModelRegistry.create(spec.model, overrides);
        double[] mean = new double[data.channels()], std = new double[data.channels()];
        if (data.name().startsWith("fashion-mnist") && data.channels() == 1) {
            mean[0] = 0.2860;
            std[0] = 0.3530;
        } else {
            Arrays.fill(mean, 0.5);
            Arrays.fill(std, 0.5);
        }
        return new Normalized(inner, mean, std);
    }

    static TrainingAdapter.Fit fit(Normalized model, INDArray images, int[] labels, ModelSpec spec, int epochs, long seed, String dataset, boolean verbose,
                                   Path checkpoints) {
        model.train();
        TrainingAdapter.Settings s = new TrainingAdapter.Settings(epochs, "adamw", spec.lrOn(dataset), 0.9, spec.weightDecay, "onecycle", seed, verbose);
        TrainingAdapter.Fit f = TrainingAdapter.fit(model, new InMemoryBatchSource(images, labels, spec.batchSize, true), s, checkpoints);
        model.eval();
        return f;
    }

    static String resolve(Normalized model, String layer) {
        if (model.namedModules().containsKey(layer)) return layer;
        if (model.namedModules().containsKey("model." + layer)) return "model." + layer;
        throw new IllegalArgumentException("no layer '" + layer + "' in the model");
    }
}
