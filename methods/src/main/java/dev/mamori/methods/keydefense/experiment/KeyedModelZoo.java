package dev.mamori.methods.keydefense.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.methods.common.InMemoryBatchSource;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.crypto.blockwise.BlockFfx;
import dev.mamori.methods.crypto.blockwise.BlockTransform;
import dev.mamori.methods.crypto.blockwise.TransformChain;
import dev.mamori.methods.keydefense.KeyAbsorption;
import dev.mamori.methods.keydefense.KeyedClassifier;
import dev.mamori.methods.keydefense.MultiKeyClassifier;
import dev.mamori.methods.keydefense.Proliferation;
import dev.mamori.models.Classifier;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.Normalized;
import dev.mamori.nn.init.Init;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds the keyed models of one backbone for the experiment: per key kind, from scratch, by absorption, by each
 * fine-tuning strategy, and multi-key with N secret embeddings (the largest N trained once, smaller N are its first
 * slots). Every model gets its own key(s), from SecureRandom (or, with {@code reproducibleKeys}, from a named seed
 * derived from the run's seed); the experiment seed otherwise drives data order and initialization only. Clean
 * accuracy is measured on the test images.
 *
 * <p>Each model is a stage of the run directory: its keys are drawn once and read back on resume ({@link ModelKeys}); it
 * trains with checkpoints in {@code models/<id>/} (a multi-key model's slots in {@code models/<backbone>/<kind>/multi_key/slot<i>/}),
 * so that an interrupted training continues from its last checkpoint and a finished one is restored from its final
 * checkpoint; its clean accuracy, seconds and trainable parameters are journaled ({@code model/<id>}). A model whose
 * attacks are journaled too is not rebuilt at all: it is returned without weights, with what the journal recorded.
 * Every build starts from the initialization seed of its own id, so that a model comes out the same whichever models
 * before it were rebuilt, restored or skipped.
 */
final class KeyedModelZoo {
    private final KeyDefenseConfig config;
    private final String backbone;
    private final BackboneConfig backboneConfig;
    private final Normalized plain;
    private final InMemoryBatchSource train;
    private final INDArray testImages;
    private final int[] testLabels;
    private final RunDirectory run;
    private final ModelKeys keys;
    private final PrintStream log;

    KeyedModelZoo(KeyDefenseConfig config, String backbone, Normalized plain, InMemoryBatchSource train, INDArray testImages, int[] testLabels,
                  RunDirectory run, ModelKeys keys, PrintStream log) {
        this.config = config;
        this.backbone = backbone;
        this.backboneConfig = config.backbones.get(backbone);
        this.plain = plain;
        this.train = train;
        this.testImages = testImages;
        this.testLabels = testLabels;
        this.run = run;
        this.keys = keys;
        this.log = log;
    }

    /** A keyed model made from its key: the model, its trainable parameters and the seconds it took. */
    private record Made(KeyedClassifier model, long trainableParameters, double seconds) {}

    /** Makes a one-key model (training it, or restoring its training from the model's checkpoints). */
    @FunctionalInterface
    private interface Maker {
        Made make(SecretKey key, Path checkpoints) throws IOException;
    }

    /**
     * The plain backbone as a model of the experiment (trained by the caller in {@code trainSeconds}), its clean
     * accuracy measured and journaled like a keyed model's.
     */
    BuiltModel plainModel(double trainSeconds) {
        return measured(new BuiltModel(backbone + "/plain", backbone, KeyMethod.PLAIN, null, 0, null, plain, List.of(), null, plain.parameterCount(),
                trainSeconds));
    }

    /** Every keyed model of this backbone for the config's kinds and methods, in a fixed order. */
    List<BuiltModel> build() throws IOException {
        List<BuiltModel> out = new ArrayList<>();
        for (TransformKind kind : config.kinds()) {
            for (KeyMethod method : config.keyMethods()) {
                switch (method) {
                    case SCRATCH -> out.add(single(kind, method, (key, dir) -> scratch(id(kind, method.configName()), key, dir)));
                    case ABSORBED -> {
                        if (kind == TransformKind.FFX) log.printf("  %s/%s/absorbed: skipped (FFX is not affine and cannot be absorbed)%n", backbone, kind.fileName());
                        else out.add(single(kind, method, (key, dir) -> absorbed(key)));
                    }
                    case EMBEDDING_AND_HEAD, LORA, FULL -> out.add(single(kind, method, (key, dir) -> fineTuned(id(kind, method.configName()), method, key, dir)));
                    case MULTI_KEY -> out.addAll(multiKey(kind));
                    default -> throw new IllegalStateException(method.toString());
                }
            }
        }
        return out;
    }

    private String id(TransformKind kind, String method) {
        return backbone + "/" + kind.fileName() + "/" + method;
    }

    /** Slot {@code slot}'s key of model {@code id}: secure random, or derived from the seed when the config asks for reproducible keys. */
    private SecretKey key(String id, TransformKind kind, int slot) {
        return config.reproducibleKeys ? SecretKey.fromSeed(kind, config.blockSize, plain.inChannels(), ExperimentSeeds.of(config.seed, id + "/key/" + slot))
                : SecretKey.random(kind, config.blockSize, plain.inChannels());
    }

    /** The transform of a key, FFX in the configured variant. */
    private TransformChain chain(SecretKey key) {
        return TransformChain.of(List.of(key.kind() == TransformKind.FFX ? new BlockFfx(key, config.ffx()) : BlockTransform.forKey(key)));
    }

    /** A one-key model: its key (drawn or read back), then read back from the journal, or made and measured. */
    private BuiltModel single(TransformKind kind, KeyMethod method, Maker maker) throws IOException {
        String id = id(kind, method.configName());
        SecretKey key = keys.obtain(id, 1, slot -> key(id, kind, slot)).get(0);
        Optional<JsonNode> made = run.result(JournaledResults.MODEL + id);
        if (made.isPresent() && run.done(JournaledResults.ATTACKS + id)) {
            return JournaledResults.recordedModel(id, backbone, method, kind, 1, List.of(key), made.get());
        }
        Init.seed(ExperimentSeeds.of(config.seed, id + "/init"));
        Made m = maker.make(key, run.stage(STAGE_DIRECTORY + id));
        m.model().eval();
        return measured(new BuiltModel(id, backbone, method, kind, 1, m.model(), m.model(), List.of(key), null, m.trainableParameters(), m.seconds()));
    }

    /** Stage directories of the keyed models, under the run directory. */
    static final String STAGE_DIRECTORY = "models/";

    private Made scratch(String id, SecretKey key, Path checkpoints) {
        Classifier fresh = ModelRegistry.create(backboneConfig.model, new HashMap<>(backboneConfig.config));
        Normalized start = new Normalized(fresh, plain.mean(), plain.std());
        Proliferation.Config pc = Proliferation.Config.of(Proliferation.Strategy.FULL, config.scratchEpochs, config.lrScratch)
                .withSeed(ExperimentSeeds.of(config.seed, id + "/train")).withCheckpoints(checkpoints);
        Proliferation.Result r = Proliferation.derive(start, chain(key), train, null, pc);
        return new Made(r.model(), r.trainableParameters(), r.seconds());
    }

    private Made absorbed(SecretKey key) {
        long t0 = System.nanoTime();
        KeyedClassifier k = KeyAbsorption.absorb(plain, key);
        return new Made(k, 0, (System.nanoTime() - t0) / 1e9);
    }

    private Made fineTuned(String id, KeyMethod method, SecretKey key, Path checkpoints) {
        double lr = switch (method) {
            case EMBEDDING_AND_HEAD -> config.lrEmbeddingAndHead;
            case LORA -> config.lrLora;
            default -> config.lrFull;
        };
        Proliferation.Config pc = Proliferation.Config.of(method.strategy(), config.fineTuneEpochs, lr)
                .withLora(config.loraRank, 2.0 * config.loraRank).withSeed(ExperimentSeeds.of(config.seed, id + "/train")).withCheckpoints(checkpoints);
        Proliferation.Result r = Proliferation.derive(plain, chain(key), train, null, pc);
        return new Made(r.model(), r.trainableParameters(), r.seconds());
    }

    private List<BuiltModel> multiKey(TransformKind kind) throws IOException {
        int largest = config.maxKeyCount();
        String base = id(kind, "multi_key");
        List<SecretKey> slotKeys = keys.obtain(base, largest, slot -> key(base, kind, slot));
        int[] counts = config.keyCounts.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
        List<BuiltModel> out = new ArrayList<>();
        boolean allRecorded = true;
        for (int n : counts) {
            String id = base + "_N" + n;
            allRecorded &= run.done(JournaledResults.MODEL + id) && run.done(JournaledResults.ATTACKS + id);
        }
        if (allRecorded) {
            for (int n : counts) {
                String id = base + "_N" + n;
                out.add(JournaledResults.recordedModel(id, backbone, KeyMethod.MULTI_KEY, kind, n, List.copyOf(slotKeys.subList(0, n)),
                        run.result(JournaledResults.MODEL + id).orElseThrow()));
            }
            return out;
        }
        List<TransformChain> chains = new ArrayList<>();
        for (SecretKey k : slotKeys) chains.add(chain(k));
        Init.seed(ExperimentSeeds.of(config.seed, base + "/init"));
        MultiKeyClassifier full = MultiKeyClassifier.fromPlain(plain, chains);
        Proliferation.Config pc = Proliferation.Config.of(Proliferation.Strategy.EMBEDDING_AND_HEAD, config.fineTuneEpochs, config.lrMultiKey)
                .withSeed(ExperimentSeeds.of(config.seed, base + "/train")).withCheckpoints(run.stage(STAGE_DIRECTORY + base));
        List<Proliferation.SlotResult> slots = Proliferation.trainSlots(full, train, null, pc);
        // Slots are trained independently (each only its own embedding and head on the frozen backbone), so the first
        // n slots of the N-slot model are exactly the n-slot model trained with the same per-slot seeds: train N once.
        for (int n : counts) {
            String id = base + "_N" + n;
            MultiKeyClassifier m = n == largest ? full.randomize(dev.mamori.methods.keydefense.KeySelection.PER_QUERY, ExperimentSeeds.of(config.seed, id + "/draws"))
                    : full.copyWithKeys(full.keySlots().subList(0, n), ExperimentSeeds.of(config.seed, id + "/draws"));
            double seconds = 0;
            long trainable = 0;
            for (int s = 0; s < n; s++) {
                seconds += slots.get(s).seconds();
                trainable += slots.get(s).trainableParameters();
            }
            out.add(measured(new BuiltModel(id, backbone, KeyMethod.MULTI_KEY, kind, n, m, m, List.copyOf(slotKeys.subList(0, n)), null, trainable, seconds)));
        }
        return out;
    }

    /**
     * The model with its clean accuracy measured (a randomized model's draws advance as in an uninterrupted run), and
     * journaled; a model journaled by an earlier attempt keeps that attempt's accuracy and seconds (a restored training
     * took no time), with a warning if the restored model measures otherwise.
     */
    private BuiltModel measured(BuiltModel b) {
        Proportion clean = Predictions.accuracy(b.classifier(), testImages, testLabels);
        double seconds = b.secondsToCreate();
        Optional<JsonNode> recorded = run.result(JournaledResults.MODEL + b.id());
        if (recorded.isPresent()) {
            Proportion before = JournaledResults.clean(recorded.get());
            if (!before.equals(clean)) {
                log.printf(Locale.ROOT, "  warning: %s restored from its checkpoints classifies %s test images right, the earlier attempt %s;"
                        + " the journaled %s is reported%n", b.id(), clean, before, before);
            }
            clean = before;
            seconds = JournaledResults.seconds(recorded.get());
        } else {
            run.markDone(JournaledResults.MODEL + b.id(), JournaledResults.model(clean, seconds, b.trainableParameters()));
        }
        BuiltModel out = new BuiltModel(b.id(), backbone, b.method(), b.kind(), b.keyCount(), b.keyed(), b.classifier(), b.keys(), clean,
                b.trainableParameters(), seconds);
        announce(out);
        return out;
    }

    private void announce(BuiltModel b) {
        String what = b.isPlain() ? "parameters" : "trainable  key " + String.join(",", b.keyIds());
        log.printf(Locale.ROOT, "  %-34s clean %6.2f%%  %7.1f s  %,9d %s%n", b.id(), 100 * b.cleanAccuracy().value(), b.secondsToCreate(),
                b.trainableParameters(), what);
    }
}
