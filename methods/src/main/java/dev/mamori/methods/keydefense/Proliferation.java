package dev.mamori.methods.keydefense;

import dev.mamori.methods.crypto.blockwise.TransformChain;
import dev.mamori.models.Classifier;
import dev.mamori.models.PatchEmbeddedModel;
import dev.mamori.nn.Module;
import dev.mamori.nn.adapters.Lora;
import dev.mamori.nn.losses.Loss;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.optim.LrSchedule;
import dev.mamori.nn.train.BatchSource;
import dev.mamori.nn.train.Evaluation;
import dev.mamori.nn.train.TrainBatch;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Key-based model proliferation (METHODS.md item 2): new keyed models derived from ONE pre-trained plain model by
 * efficient fine-tuning, instead of training each from scratch.
 *
 * <p>{@link #derive}: the key is absorbed into the plain model's patch embedding when the transform allows it
 * (shuffle, negative/positive on a ViT or ConvMixer, so training starts from a model that is already exactly as good
 * as the plain one), otherwise (FFX, or a non-isotropic model with {@link Strategy#FULL}) training starts from a copy
 * of the plain weights with the transform in front. Then it fine-tunes with the chosen {@link Strategy} using the
 * {@link Trainer} (AdamW, cosine learning rate, cross-entropy) and reports clean accuracy, trainable parameters and
 * seconds. Training a model from scratch is {@code derive} with a freshly initialised model and {@link Strategy#FULL}.
 */
public final class Proliferation {
    private Proliferation() {}

    /** What is trained. */
    public enum Strategy {
        /** (a) the patch embedding and the head only. */
        EMBEDDING_AND_HEAD,
        /** (b) LoRA adapters of rank r on the attention and MLP projections (ViT; ConvMixer: pointwise convolutions), plus patch embedding and head. */
        LORA,
        /** (c) every parameter. */
        FULL
    }

    /**
     * Fine-tuning settings. {@code mergeLora}: fold the adapters into the weights at the end (a plain architecture
     * again, exportable as such). {@code checkpoints}: a directory for the {@link Trainer}'s checkpoints (null: none);
     * with one, training continues from the last checkpoint found there (mid-epoch), and a finished training is restored
     * from its final checkpoint instead of being run again.
     */
    public record Config(Strategy strategy, int epochs, double learningRate, double weightDecay, int loraRank, double loraAlpha,
                         boolean mergeLora, long seed, boolean verbose, Path checkpoints) {
        /** Checkpoints are also written this often (wall clock), so that a killed run loses at most about this much training. */
        public static final double CHECKPOINT_EVERY_SECONDS = 120;

        public static Config of(Strategy strategy, int epochs, double learningRate) {
            return new Config(strategy, epochs, learningRate, 0.05, 8, 16, true, 0, false, null);
        }

        public Config withLora(int rank, double alpha) {
            return new Config(strategy, epochs, learningRate, weightDecay, rank, alpha, mergeLora, seed, verbose, checkpoints);
        }

        public Config withSeed(long s) {
            return new Config(strategy, epochs, learningRate, weightDecay, loraRank, loraAlpha, mergeLora, s, verbose, checkpoints);
        }

        public Config withWeightDecay(double wd) {
            return new Config(strategy, epochs, learningRate, wd, loraRank, loraAlpha, mergeLora, seed, verbose, checkpoints);
        }

        public Config keepingAdapters() {
            return new Config(strategy, epochs, learningRate, weightDecay, loraRank, loraAlpha, false, seed, verbose, checkpoints);
        }

        public Config verbose(boolean on) {
            return new Config(strategy, epochs, learningRate, weightDecay, loraRank, loraAlpha, mergeLora, seed, on, checkpoints);
        }

        public Config withCheckpoints(Path dir) {
            return new Config(strategy, epochs, learningRate, weightDecay, loraRank, loraAlpha, mergeLora, seed, verbose, dir);
        }

        /** The trainer's settings: epochs, seed (offset by {@code seedOffset}), checkpoints in {@code dir} when set. */
        TrainerConfig trainer(long seedOffset, Path dir) {
            TrainerConfig tc = TrainerConfig.epochs(epochs).withSeed(seed + seedOffset);
            if (dir != null) tc = tc.withCheckpoints(dir, 0).withCheckpointEverySeconds(CHECKPOINT_EVERY_SECONDS);
            return verbose ? tc : tc.quiet();
        }
    }

    /**
     * A derived keyed model: {@code cleanAccuracy} on the validation source (NaN without one), the number of parameters
     * trained, the wall time to create it (absorption, fine-tuning, merging; evaluation excluded) and whether the key
     * was absorbed.
     */
    public record Result(KeyedClassifier model, double cleanAccuracy, long trainableParameters, double seconds, boolean absorbed,
                         Trainer.Result training) {}

    /** Derives a keyed model for {@code key} from {@code pretrained} (not changed); see the class comment. */
    public static Result derive(Classifier pretrained, TransformChain key, BatchSource<TrainBatch> train, BatchSource<TrainBatch> val, Config config) {
        long t0 = System.nanoTime();
        boolean isotropic = isIsotropic(pretrained);
        if (!isotropic && config.strategy() != Strategy.FULL) {
            throw new IllegalArgumentException("strategy " + config.strategy() + " needs an isotropic model (ViT or ConvMixer); got "
                    + pretrained.getClass().getSimpleName() + " (use FULL)");
        }
        boolean absorb = isotropic && key.isAbsorbable();
        KeyedClassifier keyed = absorb ? KeyAbsorption.absorb(pretrained, key)
                : new KeyedClassifier(key, isotropic ? KeyAbsorption.foldNormalization(pretrained) : ModelSpec.copy(pretrained));
        prepare(keyed, config);
        long trainable = keyed.trainableParameterCount();
        Trainer.Result training = null;
        if (config.epochs() > 0) {
            long steps = Math.max(1, config.epochs() * train.batchesPerEpoch());
            Adam optimizer = Adam.adamW(keyed.trainableParameters(), config.learningRate(), config.weightDecay());
            training = Trainer.classifier(keyed, optimizer, LrSchedule.cosine(config.learningRate(), 0, steps), crossEntropy(),
                    config.trainer(0, config.checkpoints())).resume(train, null);
        }
        if (config.strategy() == Strategy.LORA && config.mergeLora()) Lora.merge(keyed);
        keyed.eval();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double accuracy = val == null ? Double.NaN : Evaluation.run(keyed, val, crossEntropy()).accuracy();
        return new Result(keyed, accuracy, trainable, seconds, absorb, training);
    }

    /**
     * Sets what a strategy trains on a keyed isotropic model: freezes everything, then unfreezes the patch embedding and
     * head (a, b), adds LoRA adapters (b), or unfreezes all (c). Returns the paths given adapters (empty unless LORA).
     */
    public static List<String> prepare(KeyedClassifier keyed, Config config) {
        if (config.strategy() == Strategy.FULL) {
            keyed.unfreeze("*");
            return List.of();
        }
        String prefix = isotropicPath(keyed);
        PatchEmbeddedModel net = (PatchEmbeddedModel) keyed.module(prefix);
        keyed.freeze("*");
        List<String> adapted = new ArrayList<>();
        if (config.strategy() == Strategy.LORA) {
            adapted.addAll(Lora.apply(net.asClassifier(), config.loraRank(), config.loraAlpha(), net.adapterTargets()));
        }
        keyed.unfreeze(prefix + "." + net.patchProjectionPath() + ".*");
        keyed.unfreeze(prefix + "." + net.headPath() + ".*");
        return adapted;
    }

    /**
     * Trains the slots of a multi-key model one after the other, each on images transformed with its own key (only that
     * slot's embedding and head), then randomizes it per query with {@code config.seed()}. Returns one result per slot:
     * accuracy of that slot on {@code val}, its trainable parameters and seconds.
     */
    public static List<SlotResult> trainSlots(MultiKeyClassifier model, BatchSource<TrainBatch> train, BatchSource<TrainBatch> val, Config config) {
        List<SlotResult> out = new ArrayList<>();
        for (int slot = 0; slot < model.keyCount(); slot++) {
            long t0 = System.nanoTime();
            model.trainSlot(slot);
            long trainable = model.trainableParameterCount();
            if (config.epochs() > 0) {
                long steps = Math.max(1, config.epochs() * train.batchesPerEpoch());
                Adam optimizer = Adam.adamW(model.trainableParameters(), config.learningRate(), config.weightDecay());
                Path dir = config.checkpoints() == null ? null : config.checkpoints().resolve("slot" + slot);
                Trainer.classifier(model, optimizer, LrSchedule.cosine(config.learningRate(), 0, steps), crossEntropy(), config.trainer(slot, dir))
                        .resume(train, null);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double accuracy = val == null ? Double.NaN : Evaluation.run(model, val, crossEntropy()).accuracy();
            out.add(new SlotResult(slot, accuracy, trainable, seconds));
        }
        model.freeze("*");
        model.randomize(KeySelection.PER_QUERY, config.seed());
        model.eval();
        return out;
    }

    /** One trained slot of a multi-key model. */
    public record SlotResult(int slot, double cleanAccuracy, long trainableParameters, double seconds) {}

    private static Loss crossEntropy() {
        return Losses::crossEntropy;
    }

    private static boolean isIsotropic(Classifier m) {
        Classifier inner = m instanceof dev.mamori.models.Normalized n ? n.model : m;
        return inner instanceof PatchEmbeddedModel;
    }

    /** The path of the isotropic network inside a keyed model ("model", or "model.model" under a Normalized wrapper). */
    private static String isotropicPath(KeyedClassifier keyed) {
        for (Map.Entry<String, Module> e : keyed.namedModules().entrySet()) {
            if (e.getValue() instanceof PatchEmbeddedModel) return e.getKey();
        }
        throw new IllegalArgumentException("strategies EMBEDDING_AND_HEAD and LORA need a ViT or ConvMixer inside the keyed model; got "
                + keyed.model.getClass().getSimpleName());
    }
}
