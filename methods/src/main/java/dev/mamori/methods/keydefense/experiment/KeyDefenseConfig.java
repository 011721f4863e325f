package dev.mamori.methods.keydefense.experiment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonMerge;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.crypto.blockwise.FfxVariant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration of {@link KeyDefenseExperiment}, as a YAML/JSON config file gives it (every field has a default;
 * a file names only what it changes; unknown fields are errors). The defaults are the default run: 48 models (2
 * backbones x 3 key kinds x 6 methods with N = 1, 3, 5) under the reference attack budgets (PGD 50 steps of eps / 4 as
 * in the key-defense papers, APGD 100 iterations, CW with a 5-step binary search, Square 5,000 queries, AutoAttack
 * standard, or its rand version on randomized models), on fewer images for the costlier attacks; {@link #quick()} is
 * a smoke run with reduced budgets, which its report says. See the field comments.
 * <pre>
 * dataset: fashion-mnist
 * keyKinds: [shuffle, ffx]
 * backbones:
 *   vit: {epochs: 5}
 * attackExamples: 1000
 * </pre>
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonPropertyOrder({"dataset", "seed"})
public final class KeyDefenseConfig extends ExperimentConfig {
    /** Attack names for {@link #attacks}. */
    public static final List<String> ATTACKS = List.of("white_box", "autoattack", "pgd_wrong_key", "apgd_wrong_key", "cw_wrong_key", "square",
            "transfer_plain", "key_search", "eot_random_keys", "eot_own_keys", "ffx_true_gradient");

    /** Any dataset the data catalog reads (name as in {@code mamori data list}). */
    @JsonProperty public String dataset = "fashion-mnist";

    // ---------------------------------------------------------------- data
    /** Training images for pre-training the backbones (0 = the whole training split). */
    @JsonProperty public int trainSubset = 15000;
    /** Training images for every keyed model (fine-tuning, from scratch, secret embeddings). */
    @JsonProperty public int fineTuneSubset = 2000;
    /** Test images for clean accuracy. */
    @JsonProperty public int testSubset = 2000;
    /** Test images attacked by the core attacks (white box, wrong-key PGD, transfer from the backbone). */
    @JsonProperty public int attackExamples = 100;
    /** Test images (the first of the attacked ones) for the costlier attacks (APGD, CW, key search, EOT). */
    @JsonProperty public int adaptiveExamples = 25;
    /** Test images (the first of the attacked ones) for Square, the score-based black-box attack (5,000 queries each). */
    @JsonProperty public int blackBoxExamples = 25;
    /** Test images (the first of the attacked ones) for AutoAttack (key leaked; on the plain backbone, white box). */
    @JsonProperty public int autoAttackExamples = 25;
    /** The key-search attacker's own images (from the training split), each sent to the deployed model once. */
    @JsonProperty public int queryExamples = 100;

    // ---------------------------------------------------------------- models
    // ---------------------------------------------------------------- keys
    /**
     * Keys from a seed (derived from {@link #seed}) instead of SecureRandom: reproducible, for tests and papers that
     * publish their keys; anyone who knows the seed rebuilds every key, and the report says so. Off by default.
     */
    @JsonProperty public boolean reproducibleKeys = false;
    /** How FFX maps pixels: published (as the reference code) or masked_rounded (ours, unmasked pixels unchanged). */
    @JsonProperty public String ffxVariant = "published";

    /** Block size M of the transforms; equal to the backbones' patch size so keys can be absorbed. */
    @JsonProperty public int blockSize = 4;
    /** The pre-trained backbones by name (merged with the defaults {@code vit} and {@code convmixer}). */
    @JsonMerge @JsonProperty public Map<String, BackboneConfig> backbones = defaultBackbones();
    /** Which of {@link #backbones} to use, in order. */
    @JsonProperty public List<String> useBackbones = new ArrayList<>(List.of("vit", "convmixer"));
    /** shuffle, negative_positive, ffx. */
    @JsonProperty public List<String> keyKinds = new ArrayList<>(List.of("shuffle", "negative_positive", "ffx"));
    /** scratch, absorbed, embedding_and_head, lora, full, multi_key. */
    @JsonProperty public List<String> methods = new ArrayList<>(List.of("scratch", "absorbed", "embedding_and_head", "lora", "full", "multi_key"));
    /** N of the multi-key models (the slots of the largest are trained; smaller N use its first slots). */
    @JsonProperty public List<Integer> keyCounts = new ArrayList<>(List.of(1, 3, 5));
    /** Epochs of every fine-tuning and of each secret embedding, on {@link #fineTuneSubset} images. */
    @JsonProperty public int fineTuneEpochs = 1;
    /** Epochs of the keyed models trained from scratch, on the same images as the fine-tunings. */
    @JsonProperty public int scratchEpochs = 3;
    @JsonProperty public int fineTuneBatchSize = 64;
    @JsonProperty public double lrScratch = 0.003;
    @JsonProperty public double lrEmbeddingAndHead = 0.01;
    @JsonProperty public double lrLora = 0.005;
    @JsonProperty public double lrFull = 0.002;
    @JsonProperty public double lrMultiKey = 0.01;
    @JsonProperty public int loraRank = 4;

    // ---------------------------------------------------------------- attacks
    /** L-inf budgets in [0, 1] pixel units (8/255 and a larger one). */
    @JsonProperty public List<Double> budgets = new ArrayList<>(List.of(8 / 255.0, 0.1));
    /** L2 budgets at which CW (a minimum-norm attack) is judged. */
    @JsonProperty public List<Double> cwL2Budgets = new ArrayList<>(List.of(1.0, 2.0));
    /** Which attacks to run (see {@link #ATTACKS}). */
    @JsonProperty public List<String> attacks = new ArrayList<>(ATTACKS);
    /** Examples an attack processes together (one model call); larger batches use the cores better. */
    @JsonProperty public int attackBatchSize = 500;
    /** PGD steps (the key-defense papers: 50). */
    @JsonProperty public int pgdSteps = 50;
    /** PGD step size as a fraction of eps (the papers: 2/255 at eps 8/255, i.e. 0.25). */
    @JsonProperty public double pgdStepFraction = 0.25;
    /** APGD iterations (AutoAttack: 100). */
    @JsonProperty public int apgdSteps = 100;
    /** CW Adam iterations per binary-search step. */
    @JsonProperty public int cwSteps = 100;
    /** CW binary-search steps over the constant c. */
    @JsonProperty public int cwSearchSteps = 5;
    /** CW confidence kappa for the transferred wrong-key CW (a minimum-norm point, kappa = 0, barely crosses the boundary). */
    @JsonProperty public double cwKappa = 5;
    /** Square queries per example (AutoAttack: 5,000). */
    @JsonProperty public int squareQueries = 5000;
    /**
     * The L-inf budgets at which Square runs (a subset of {@link #budgets}; default the smallest). Square costs one model
     * call per query for as long as one example survives, whatever the number of images, so it is the default run's
     * largest cost; at the larger budget the gradient and transfer attacks already break nearly everything.
     */
    @JsonProperty public List<Double> squareBudgets = new ArrayList<>(List.of(8 / 255.0));
    /** AutoAttack's APGD iterations (standard: 100). */
    @JsonProperty public int autoAttackSteps = 100;
    /** AutoAttack's FAB-T iterations and Square queries (standard: 100 and 5,000); 0 leaves them out. */
    @JsonProperty public int autoAttackFabSteps = 100;
    @JsonProperty public int autoAttackSquareQueries = 5000;
    /** Gradient samples per step of EOT over random keys (EOT over the model's own keys averages all N exactly). */
    @JsonProperty public int eotSamples = 2;
    /** Random keys in the EOT-over-random-keys pool. */
    @JsonProperty public int eotPool = 8;
    /** Key spaces of at most this many keys are searched exhaustively (a negative/positive mask of a 1-channel 4 x 4 block: 11,440). */
    @JsonProperty public long exhaustiveKeyLimit = 20000;
    /** Exhaustive search: query images every key is scored on first; the best {@link #keySearchFinalists} are rescored on all. */
    @JsonProperty public int keySearchScreenImages = 8;
    @JsonProperty public int keySearchFinalists = 100;
    /** Random keys scored by the key search before hill climbing (key spaces too large to enumerate). */
    @JsonProperty public int randomKeys = 64;
    /** Pairwise swaps proposed by the hill climbing. */
    @JsonProperty public int hillClimbSwaps = 400;

    // ---------------------------------------------------------------- claims
    /**
     * A comparison with the plain backbone is meaningful only when the attack succeeds there: its success rate on the
     * plain model must be at least this (lower bound of its interval) for the case to count.
     */
    @JsonProperty public double baselineSuccessFloor = 0.5;

    /** Set by {@link #quick()}: a smoke run with reduced budgets, whose report says it is one. */
    @JsonProperty public boolean quick = false;

    public KeyDefenseConfig() {}

    /** The default run or the few-minute one. */
    public static KeyDefenseConfig of(Preset preset) {
        return preset == Preset.QUICK ? quick() : defaults();
    }

    /** The default run. */
    public static KeyDefenseConfig defaults() {
        return new KeyDefenseConfig();
    }

    /**
     * The smoke run (a few minutes): fewer images everywhere, shuffle and FFX keys only, N = 1 and 3, budgets far below
     * the reference ones (its numbers are not evidence; the report says so); same models and methods.
     */
    public static KeyDefenseConfig quick() {
        KeyDefenseConfig c = new KeyDefenseConfig();
        c.quick = true;
        c.trainSubset = 4000;
        c.fineTuneSubset = 1000;
        c.testSubset = 500;
        c.attackExamples = 50;
        c.adaptiveExamples = 25;
        c.blackBoxExamples = 25;
        c.autoAttackExamples = 25;
        c.queryExamples = 60;
        c.backbones.values().forEach(b -> b.epochs = 2);
        c.keyKinds = new ArrayList<>(List.of("shuffle", "ffx"));
        c.keyCounts = new ArrayList<>(List.of(1, 3));
        c.pgdSteps = 10;
        c.apgdSteps = 10;
        c.cwSteps = 10;
        c.cwSearchSteps = 2;
        c.squareQueries = 100;
        c.squareBudgets = new ArrayList<>(c.budgets);
        c.autoAttackSteps = 10;
        c.autoAttackFabSteps = 0;
        c.autoAttackSquareQueries = 100;
        c.eotSamples = 2;
        c.eotPool = 4;
        c.randomKeys = 12;
        c.hillClimbSwaps = 40;
        c.keySearchFinalists = 20;
        return c;
    }

    /** The FFX variant of {@link #ffxVariant}. */
    public FfxVariant ffx() {
        return FfxVariant.fromFileName(ffxVariant);
    }

    /** The PGD step size at a budget. */
    public double pgdStepSize(double eps) {
        return eps * pgdStepFraction;
    }

    static Map<String, BackboneConfig> defaultBackbones() {
        Map<String, BackboneConfig> m = new LinkedHashMap<>();
        m.put("vit", BackboneConfig.defaultVit());
        m.put("convmixer", BackboneConfig.defaultConvMixer());
        return m;
    }

    public List<TransformKind> kinds() {
        return keyKinds.stream().map(TransformKind::fromFileName).toList();
    }

    public List<KeyMethod> keyMethods() {
        return methods.stream().map(KeyMethod::fromConfigName).toList();
    }

    public boolean runs(String attack) {
        return attacks.contains(attack);
    }

    public int maxKeyCount() {
        return keyCounts.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Checks every field; the error names the field and what was expected. */
    @Override
    public KeyDefenseConfig validate() {
        if (dataset == null || dataset.isBlank()) throw invalid("dataset", "a dataset name");
        if (trainSubset < 0) throw invalid("trainSubset", "a number >= 0 (0 = all)");
        if (fineTuneSubset < 1) throw invalid("fineTuneSubset", "a positive number of images");
        if (testSubset < 1) throw invalid("testSubset", "a positive number of images");
        if (attackExamples < 1 || attackExamples > testSubset) throw invalid("attackExamples", "between 1 and testSubset (" + testSubset + ")");
        if (adaptiveExamples < 1 || adaptiveExamples > attackExamples) throw invalid("adaptiveExamples", "between 1 and attackExamples (" + attackExamples + ")");
        if (blackBoxExamples < 1 || blackBoxExamples > attackExamples) throw invalid("blackBoxExamples", "between 1 and attackExamples (" + attackExamples + ")");
        if (autoAttackExamples < 1 || autoAttackExamples > attackExamples) {
            throw invalid("autoAttackExamples", "between 1 and attackExamples (" + attackExamples + ")");
        }
        try {
            ffx();
        } catch (IllegalArgumentException e) {
            throw invalid("ffxVariant", "published or masked_rounded");
        }
        if (queryExamples < 1) throw invalid("queryExamples", "a positive number of images");
        if (blockSize < 1) throw invalid("blockSize", "a positive block size");
        if (useBackbones.isEmpty()) throw invalid("useBackbones", "at least one backbone");
        for (String b : useBackbones) {
            BackboneConfig bc = backbones.get(b);
            if (bc == null) throw invalid("useBackbones", "names defined under backbones " + backbones.keySet() + "; '" + b + "' is not");
            bc.validate(b);
        }
        if (keyKinds.isEmpty()) throw invalid("keyKinds", "at least one of shuffle, negative_positive, ffx");
        for (String k : keyKinds) {
            try {
                TransformKind.fromFileName(k);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config field 'keyKinds': " + e.getMessage());
            }
        }
        for (String m : methods) {
            try {
                if (KeyMethod.fromConfigName(m) == KeyMethod.PLAIN) throw new IllegalArgumentException("the plain backbone is always included");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config field 'methods': " + e.getMessage());
            }
        }
        if (methods.contains("multi_key") && (keyCounts.isEmpty() || keyCounts.stream().anyMatch(n -> n == null || n < 1))) {
            throw invalid("keyCounts", "a list of positive key counts N");
        }
        if (fineTuneEpochs < 1) throw invalid("fineTuneEpochs", "a positive number of epochs");
        if (scratchEpochs < 1) throw invalid("scratchEpochs", "a positive number of epochs");
        if (fineTuneBatchSize < 1) throw invalid("fineTuneBatchSize", "a positive batch size");
        for (String[] lr : new String[][]{{"lrScratch", "" + lrScratch}, {"lrEmbeddingAndHead", "" + lrEmbeddingAndHead}, {"lrLora", "" + lrLora},
                {"lrFull", "" + lrFull}, {"lrMultiKey", "" + lrMultiKey}}) {
            if (!(Double.parseDouble(lr[1]) > 0)) throw invalid(lr[0], "a positive learning rate");
        }
        if (loraRank < 1) throw invalid("loraRank", "a positive rank");
        if (budgets.isEmpty() || budgets.stream().anyMatch(b -> b == null || !(b > 0 && b <= 1))) throw invalid("budgets", "L-inf budgets in (0, 1]");
        if (cwL2Budgets.stream().anyMatch(b -> b == null || !(b > 0))) throw invalid("cwL2Budgets", "positive L2 budgets");
        for (String a : attacks) if (!ATTACKS.contains(a)) throw invalid("attacks", "names from " + ATTACKS + "; '" + a + "' is not one");
        if (attacks.contains("cw_wrong_key") && cwL2Budgets.isEmpty()) throw invalid("cwL2Budgets", "at least one budget when cw_wrong_key runs");
        if (attackBatchSize < 1) throw invalid("attackBatchSize", "a positive batch size");
        if (pgdSteps < 1) throw invalid("pgdSteps", "a positive number of steps");
        if (!(pgdStepFraction > 0 && pgdStepFraction <= 1)) throw invalid("pgdStepFraction", "a fraction of eps in (0, 1]");
        if (apgdSteps < 1) throw invalid("apgdSteps", "a positive number of steps");
        if (cwSteps < 1) throw invalid("cwSteps", "a positive number of steps");
        if (cwSearchSteps < 1) throw invalid("cwSearchSteps", "a positive number of binary-search steps");
        if (!(cwKappa >= 0)) throw invalid("cwKappa", "a confidence >= 0");
        if (squareQueries < 1) throw invalid("squareQueries", "a positive number of queries");
        for (Double b : squareBudgets) {
            if (b == null || budgets.stream().noneMatch(x -> Math.abs(x - b) < 1e-12)) throw invalid("squareBudgets", "budgets from 'budgets' " + budgets);
        }
        if (autoAttackSteps < 1) throw invalid("autoAttackSteps", "a positive number of steps");
        if (autoAttackFabSteps < 0) throw invalid("autoAttackFabSteps", "a number of steps >= 0");
        if (autoAttackSquareQueries < 0) throw invalid("autoAttackSquareQueries", "a number of queries >= 0");
        if (eotSamples < 1) throw invalid("eotSamples", "a positive number of samples");
        if (eotPool < 1) throw invalid("eotPool", "a positive number of keys");
        if (exhaustiveKeyLimit < 0) throw invalid("exhaustiveKeyLimit", "a number of keys >= 0");
        if (keySearchScreenImages < 1) throw invalid("keySearchScreenImages", "a positive number of images");
        if (keySearchFinalists < 1) throw invalid("keySearchFinalists", "a positive number of keys");
        if (randomKeys < 1) throw invalid("randomKeys", "a positive number of keys");
        if (hillClimbSwaps < 0) throw invalid("hillClimbSwaps", "a number of swaps >= 0");
        if (!(baselineSuccessFloor >= 0 && baselineSuccessFloor < 1)) throw invalid("baselineSuccessFloor", "a success rate in [0, 1)");
        return this;
    }
}
