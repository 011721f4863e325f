package dev.mamori.methods.keydefense.experiment;

import dev.mamori.eval.metrics.Proportion;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.methods.common.InMemoryBatchSource;
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

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;

/**
 * Builds the keyed models of one backbone for the experiment: per key kind, from scratch, by absorption, by each
 * fine-tuning strategy, and multi-key with N secret embeddings (the largest N trained once, smaller N are its first
 * slots). Every model gets its own key(s), from SecureRandom (or, with {@code reproducibleKeys}, from a named seed
 * derived from the run's seed); the experiment seed otherwise drives data order and initialization only. Clean
 * accuracy is measured on the test images.
 */
final class KeyedModelZoo {
    private final KeyDefenseConfig config;
    private final String backbone;
    private final BackboneConfig backboneConfig;
    private final Normalized plain;
    private final InMemoryBatchSource train;
    private final INDArray testImages;
    private final int[] testLabels;
    private final PrintStream log;

    KeyedModelZoo(KeyDefenseConfig config, String backbone, Normalized plain, InMemoryBatchSource train, INDArray testImages, int[] testLabels,
                  PrintStream log) {
        this.config = config;
        this.backbone = backbone;
        this.backboneConfig = config.backbones.get(backbone);
        this.plain = plain;
        this.train = train;
        this.testImages = testImages;
        this.testLabels = testLabels;
        this.log = log;
    }

    /** Every keyed model of this backbone for the config's kinds and methods, in a fixed order. */
    List<BuiltModel> build() {
        List<BuiltModel> out = new ArrayList<>();
        for (TransformKind kind : config.kinds()) {
            for (KeyMethod method : config.keyMethods()) {
                switch (method) {
                    case SCRATCH -> out.add(scratch(kind));
                    case ABSORBED -> {
                        if (kind == TransformKind.FFX) log.printf("  %s/%s/absorbed: skipped (FFX is not affine and cannot be absorbed)%n", backbone, kind.fileName());
                        else out.add(absorbed(kind));
                    }
                    case EMBEDDING_AND_HEAD, LORA, FULL -> out.add(fineTuned(kind, method));
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

    private BuiltModel scratch(TransformKind kind) {
        String id = id(kind, "scratch");
        SecretKey key = key(id, kind, 0);
        Init.seed(ExperimentSeeds.of(config.seed, id + "/init"));
        Classifier fresh = ModelRegistry.create(backboneConfig.model, new HashMap<>(backboneConfig.config));
        Normalized start = new Normalized(fresh, plain.mean(), plain.std());
        Proliferation.Config pc = Proliferation.Config.of(Proliferation.Strategy.FULL, config.scratchEpochs, config.lrScratch)
                .withSeed(ExperimentSeeds.of(config.seed, id + "/train"));
        Proliferation.Result r = Proliferation.derive(start, chain(key), train, null, pc);
        return keyed(id, KeyMethod.SCRATCH, kind, r.model(), key, r.trainableParameters(), r.seconds());
    }

    private BuiltModel absorbed(TransformKind kind) {
        String id = id(kind, "absorbed");
        SecretKey key = key(id, kind, 0);
        long t0 = System.nanoTime();
        KeyedClassifier k = KeyAbsorption.absorb(plain, key);
        k.eval();
        return keyed(id, KeyMethod.ABSORBED, kind, k, key, 0, (System.nanoTime() - t0) / 1e9);
    }

    private BuiltModel fineTuned(TransformKind kind, KeyMethod method) {
        String id = id(kind, method.configName());
        SecretKey key = key(id, kind, 0);
        double lr = switch (method) {
            case EMBEDDING_AND_HEAD -> config.lrEmbeddingAndHead;
            case LORA -> config.lrLora;
            default -> config.lrFull;
        };
        Proliferation.Config pc = Proliferation.Config.of(method.strategy(), config.fineTuneEpochs, lr)
                .withLora(config.loraRank, 2.0 * config.loraRank).withSeed(ExperimentSeeds.of(config.seed, id + "/train"));
        Proliferation.Result r = Proliferation.derive(plain, chain(key), train, null, pc);
        return keyed(id, method, kind, r.model(), key, r.trainableParameters(), r.seconds());
    }

    private List<BuiltModel> multiKey(TransformKind kind) {
        int largest = config.maxKeyCount();
        String base = id(kind, "multi_key");
        List<SecretKey> keys = new ArrayList<>();
        List<TransformChain> chains = new ArrayList<>();
        for (int slot = 0; slot < largest; slot++) {
            SecretKey k = key(base, kind, slot);
            keys.add(k);
            chains.add(chain(k));
        }
        MultiKeyClassifier full = MultiKeyClassifier.fromPlain(plain, chains);
        Proliferation.Config pc = Proliferation.Config.of(Proliferation.Strategy.EMBEDDING_AND_HEAD, config.fineTuneEpochs, config.lrMultiKey)
                .withSeed(ExperimentSeeds.of(config.seed, base + "/train"));
        List<Proliferation.SlotResult> slots = Proliferation.trainSlots(full, train, null, pc);
        List<BuiltModel> out = new ArrayList<>();
        // Slots are trained independently (each only its own embedding and head on the frozen backbone), so the first
        // n slots of the N-slot model are exactly the n-slot model trained with the same per-slot seeds: train N once.
        for (int n : config.keyCounts.stream().mapToInt(Integer::intValue).sorted().distinct().toArray()) {
            String id = base + "_N" + n;
            MultiKeyClassifier m = n == largest ? full.randomize(dev.mamori.methods.keydefense.KeySelection.PER_QUERY, ExperimentSeeds.of(config.seed, id + "/draws"))
                    : full.copyWithKeys(full.keySlots().subList(0, n), ExperimentSeeds.of(config.seed, id + "/draws"));
            double seconds = 0;
            long trainable = 0;
            for (int s = 0; s < n; s++) {
                seconds += slots.get(s).seconds();
                trainable += slots.get(s).trainableParameters();
            }
            Proportion clean = Predictions.accuracy(m, testImages, testLabels);
            BuiltModel b = new BuiltModel(id, backbone, KeyMethod.MULTI_KEY, kind, n, m, m, List.copyOf(keys.subList(0, n)), clean, trainable, seconds);
            announce(b);
            out.add(b);
        }
        return out;
    }

    private BuiltModel keyed(String id, KeyMethod method, TransformKind kind, KeyedClassifier model, SecretKey key, long trainable, double seconds) {
        model.eval();
        Proportion clean = Predictions.accuracy(model, testImages, testLabels);
        BuiltModel b = new BuiltModel(id, backbone, method, kind, 1, model, model, List.of(key), clean, trainable, seconds);
        announce(b);
        return b;
    }

    private void announce(BuiltModel b) {
        log.printf(Locale.ROOT, "  %-34s clean %6.2f%%  %7.1f s  %,9d trainable  key %s%n", b.id(), 100 * b.cleanAccuracy().value(),
                b.secondsToCreate(), b.trainableParameters(), String.join(",", b.keyIds()));
    }
}
