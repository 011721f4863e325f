package dev.mamori.methods.backdoor.experiment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonMerge;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mamori.methods.backdoor.DefenseSamples;
import dev.mamori.methods.backdoor.unlearning.UnlearningOptions;
import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.common.config.ConfigChecks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration of {@link BackdoorExperiment} (a YAML/JSON file names only what it changes; unknown fields are
 * errors). Each backdoored model is trained once per (dataset, model, attack, seed) and reused by every defense and
 * sample size. See {@link #defaults()}, {@link #quick()} and {@link #full()} for what each preset covers.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class BackdoorConfig extends ExperimentConfig {
    /** Defense names for {@link #defenses}. */
    public static final List<String> DEFENSES = List.of("ours_known", "ours_unknown", "finetune", "fineprune", "nad", "anp", "ibau", "nc_unlearn");

    // ---------------------------------------------------------------- data
    /** Catalog datasets (name as in {@code mamori data list}, options allowed). */
    @JsonProperty public List<String> datasets = new ArrayList<>(List.of("fashion-mnist", "emoji-category"));
    /** The attacker's training images per dataset (0 = the whole training split). */
    @JsonProperty public int trainSubset = 5000;
    /** Evaluation images per dataset, from the test split without the defender's pool (0 = all the rest). */
    @JsonProperty public int evalSubset = 1000;

    // ---------------------------------------------------------------- grid
    /** The models by name (merged with the defaults {@code cnn} and {@code resnet}). */
    @JsonMerge @JsonProperty public Map<String, ModelSpec> models = defaultModels();
    @JsonProperty public List<String> useModels = new ArrayList<>(List.of("cnn", "resnet"));
    /** The attacks by name (merged with the defaults badnets, blend, sig, wanet, trojan). */
    @JsonMerge @JsonProperty public Map<String, AttackSpec> attacks = defaultAttacks();
    @JsonProperty public List<String> useAttacks = new ArrayList<>(List.of("badnets", "blend", "sig", "wanet", "trojan"));
    /** Defenses, from {@link #DEFENSES}. */
    @JsonProperty public List<String> defenses = new ArrayList<>(DEFENSES);
    /** Numbers of unseen clean samples the defenses get (nested: the smaller sets are part of the larger). */
    @JsonProperty public List<Integer> sampleSizes = new ArrayList<>(List.of(10, 50, 100));
    /**
     * Sample sizes at which the baselines and ours with the trigger unknown run (ours with the trigger known runs at
     * every size of {@link #sampleSizes}); empty = all of {@link #sampleSizes}.
     */
    @JsonProperty public List<Integer> baselineSampleSizes = new ArrayList<>(List.of(50));
    /** Training seeds per cell: seed, seed + 1, ... (mean and spread are over them). */
    @JsonProperty public int seeds = 3;
    /**
     * Whether to train, per dataset, model and seed, the same model on the same images without poison and score it on
     * every attack's triggered images: the clean-model floor, the ASR that a model which never saw the trigger has
     * anyway (triggered non-target images it sends to the target class). No defense can be asked to go below it
     * without costing clean accuracy.
     */
    @JsonProperty public boolean cleanFloor = true;

    // ---------------------------------------------------------------- ours
    /** Relative ridge strengths tried by cross-validation. */
    @JsonProperty public List<Double> lambdas = new ArrayList<>(List.of(1e-2, 1e-1, 1.0));
    /** Fractions of the edited layer's inputs the edit may change, tried by cross-validation. */
    @JsonProperty public List<Double> unitFractions = new ArrayList<>(List.of(1.0 / 4, 1.0 / 2, 1.0));
    @JsonProperty public int folds = 5;
    @JsonProperty public int augmentCopies = 1;
    @JsonProperty public int maxShift = 2;
    @JsonProperty public double cleanTolerance = 0.02;
    @JsonProperty public boolean repair = true;
    @JsonProperty public double collapseDrop = 0.2;

    // ---------------------------------------------------------------- baselines (same samples for all)
    /** Fine-tuning (also fine-pruning's, NAD's teacher's and Neural Cleanse's): SGD, momentum 0.9, weight decay 5e-4. */
    @JsonProperty public int fineTuneEpochs = 20;
    @JsonProperty public double fineTuneLr = 0.01;
    @JsonProperty public int fineTuneBatchSize = 32;
    /** Fine-pruning: clean-sample accuracy it may lose while pruning, and the largest pruned fraction. */
    @JsonProperty public double finePruneMaxDrop = 0.05;
    @JsonProperty public double finePruneMaxFraction = 0.8;
    /** NAD: attention-loss weight, student epochs. */
    @JsonProperty public double nadBeta = 5000;
    @JsonProperty public int nadStudentEpochs = 10;
    /** ANP: perturbation bound, trade-off, mask learning rate, iterations, pruning threshold. */
    @JsonProperty public double anpEps = 0.4;
    @JsonProperty public double anpAlpha = 0.2;
    @JsonProperty public double anpLr = 0.2;
    @JsonProperty public int anpIterations = 60;
    @JsonProperty public double anpThreshold = 0.2;
    /** I-BAU: rounds, inner steps and learning rate, L2 radius (per-pixel RMS), outer steps per round and learning rate. */
    @JsonProperty public int ibauRounds = 5;
    @JsonProperty public int ibauInnerSteps = 5;
    @JsonProperty public double ibauInnerLr = 0.1;
    @JsonProperty public double ibauRadius = 0.1;
    @JsonProperty public int ibauOuterSteps = 2;
    @JsonProperty public double ibauOuterLr = 1e-3;
    /**
     * Neural Cleanse: steps (all classes at once), initial cost, the most samples it optimizes on (the first ones of the
     * defender's, class-balanced), and the share of stamped rows in its unlearning.
     */
    @JsonProperty public int neuralCleanseSteps = 80;
    @JsonProperty public double neuralCleanseInitialCost = 1e-2;
    @JsonProperty public int neuralCleanseMaxSamples = 20;
    @JsonProperty public double neuralCleanseStampedShare = 0.2;
    /**
     * Ours with the trigger unknown (ours, docs/METHODS.md item 4): also reverse-engineer a blend-like trigger (Neural
     * Cleanse with one mask value over the whole image, {@code NeuralCleanse.MaskShape.FULL_IMAGE}) and edit with the
     * rows of both reconstructions. The per-pixel mask finds small patches, not a full-image blend such as Blend's.
     */
    @JsonProperty public boolean reverseFullImage = true;

    public BackdoorConfig() {}

    public static BackdoorConfig of(Preset preset) {
        return preset == Preset.QUICK ? quick() : defaults();
    }

    /** The default run (see the class comment of the CLI command and README for what it covers and costs). */
    public static BackdoorConfig defaults() {
        return new BackdoorConfig();
    }

    /** A few minutes: Fashion-MNIST only, the small CNN, BadNets and Blend, 10 and 50 samples, one seed, smaller budgets. */
    public static BackdoorConfig quick() {
        BackdoorConfig c = new BackdoorConfig();
        c.datasets = new ArrayList<>(List.of("fashion-mnist"));
        c.trainSubset = 4000;
        c.evalSubset = 1000;
        c.useModels = new ArrayList<>(List.of("cnn"));
        c.models.get("cnn").epochs = 3;
        c.useAttacks = new ArrayList<>(List.of("badnets", "blend"));
        c.sampleSizes = new ArrayList<>(List.of(10, 50));
        c.seeds = 1;
        c.anpIterations = 30;
        c.ibauRounds = 3;
        c.neuralCleanseSteps = 60;
        return c;
    }

    /** Every attack on every model, every defense at every sample size, with the default budgets. */
    public static BackdoorConfig full() {
        BackdoorConfig c = new BackdoorConfig();
        c.baselineSampleSizes = new ArrayList<>();
        c.models.values().forEach(m -> m.attacks = new ArrayList<>());
        return c;
    }

    /** The attacks {@code model} is backdoored with: its own list within {@link #useAttacks}, or all of them. */
    public List<String> attacksFor(String model) {
        List<String> own = models.get(model).attacks;
        return own.isEmpty() ? useAttacks : useAttacks.stream().filter(own::contains).toList();
    }

    static Map<String, ModelSpec> defaultModels() {
        Map<String, ModelSpec> m = new LinkedHashMap<>();
        m.put("cnn", ModelSpec.cnn());
        m.put("resnet", ModelSpec.resnet());
        return m;
    }

    static Map<String, AttackSpec> defaultAttacks() {
        Map<String, AttackSpec> m = new LinkedHashMap<>();
        for (String t : AttackSpec.TRIGGERS) m.put(t, AttackSpec.of(t));
        return m;
    }

    /**
     * The sample sizes at which {@code defense} runs: ours with the trigger known at every size, the others (the
     * trigger-unknown setting included, whose reverse-engineering costs like a baseline) at {@link #baselineSampleSizes}.
     */
    public List<Integer> sizesFor(String defense) {
        if (defense.equals("ours_known") || baselineSampleSizes.isEmpty()) return sampleSizes;
        return sampleSizes.stream().filter(baselineSampleSizes::contains).toList();
    }

    public int poolSize() {
        return sampleSizes.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Our method's options from the fields above, editing {@code model}'s layers. */
    public UnlearningOptions unlearningOptions(ModelSpec model, long seed) {
        return UnlearningOptions.builder().layers(model.editLayers).lambdas(lambdas.stream().mapToDouble(Double::doubleValue).toArray())
                .unitFractions(unitFractions.stream().mapToDouble(Double::doubleValue).toArray()).folds(folds).augmentCopies(augmentCopies)
                .maxShift(maxShift).cleanTolerance(cleanTolerance).repair(repair).collapseDrop(collapseDrop).seed(seed).build();
    }

    @Override
    public BackdoorConfig validate() {
        ConfigChecks.check(this);
        if (datasets.isEmpty() || datasets.stream().anyMatch(d -> d == null || d.isBlank())) throw invalid("datasets", "at least one dataset name");
        if (trainSubset < 0) throw invalid("trainSubset", "a number >= 0 (0 = all)");
        if (evalSubset < 0) throw invalid("evalSubset", "a number >= 0 (0 = all)");
        if (useModels.isEmpty()) throw invalid("useModels", "at least one model");
        for (String m : useModels) {
            ModelSpec s = models.get(m);
            if (s == null) throw invalid("useModels", "names defined under models " + models.keySet() + "; '" + m + "' is not");
            s.validate(m);
        }
        if (useAttacks.isEmpty()) throw invalid("useAttacks", "at least one attack");
        for (String m : useModels) {
            for (String a : models.get(m).attacks) {
                if (!attacks.containsKey(a)) throw invalid("models." + m + ".attacks", "names defined under attacks " + attacks.keySet() + "; '" + a + "' is not");
            }
        }
        for (String a : useAttacks) {
            AttackSpec s = attacks.get(a);
            if (s == null) throw invalid("useAttacks", "names defined under attacks " + attacks.keySet() + "; '" + a + "' is not");
            s.validate(a);
        }
        if (defenses.isEmpty()) throw invalid("defenses", "at least one of " + DEFENSES);
        for (String d : defenses) if (!DEFENSES.contains(d)) throw invalid("defenses", "names from " + DEFENSES + "; '" + d + "' is not one");
        if (sampleSizes.isEmpty() || sampleSizes.stream().anyMatch(n -> n == null || n < DefenseSamples.MINIMUM)) {
            throw invalid("sampleSizes", "sample sizes of at least " + DefenseSamples.MINIMUM);
        }
        for (Integer n : baselineSampleSizes) {
            if (!sampleSizes.contains(n)) throw invalid("baselineSampleSizes", "sizes that are in sampleSizes " + sampleSizes + "; " + n + " is not");
        }
        if (seeds < 1) throw invalid("seeds", "a positive number of seeds");
        if (lambdas.isEmpty() || lambdas.stream().anyMatch(l -> l == null || !(l > 0))) throw invalid("lambdas", "positive ridge strengths");
        if (unitFractions.isEmpty() || unitFractions.stream().anyMatch(f -> f == null || !(f > 0 && f <= 1))) throw invalid("unitFractions", "fractions in (0, 1]");
        if (folds < 2) throw invalid("folds", "at least 2");
        if (augmentCopies < 0) throw invalid("augmentCopies", "a number >= 0");
        if (maxShift < 0) throw invalid("maxShift", "a number >= 0");
        if (!(cleanTolerance >= 0 && cleanTolerance <= 1)) throw invalid("cleanTolerance", "a fraction in [0, 1]");
        if (!(collapseDrop > 0 && collapseDrop <= 1)) throw invalid("collapseDrop", "a fraction in (0, 1]");
        if (fineTuneEpochs < 1) throw invalid("fineTuneEpochs", "a positive number of epochs");
        if (!(fineTuneLr > 0)) throw invalid("fineTuneLr", "a positive learning rate");
        if (fineTuneBatchSize < 1) throw invalid("fineTuneBatchSize", "a positive batch size");
        if (!(finePruneMaxDrop >= 0 && finePruneMaxDrop < 1)) throw invalid("finePruneMaxDrop", "a fraction in [0, 1)");
        if (!(finePruneMaxFraction > 0 && finePruneMaxFraction < 1)) throw invalid("finePruneMaxFraction", "a fraction in (0, 1)");
        if (!(nadBeta >= 0)) throw invalid("nadBeta", "a weight >= 0");
        if (nadStudentEpochs < 1) throw invalid("nadStudentEpochs", "a positive number of epochs");
        if (!(anpEps >= 0)) throw invalid("anpEps", "a bound >= 0");
        if (!(anpAlpha >= 0 && anpAlpha <= 1)) throw invalid("anpAlpha", "a value in [0, 1]");
        if (!(anpLr > 0)) throw invalid("anpLr", "a positive learning rate");
        if (anpIterations < 1) throw invalid("anpIterations", "a positive number of iterations");
        if (!(anpThreshold > 0 && anpThreshold < 1)) throw invalid("anpThreshold", "a threshold in (0, 1)");
        if (ibauRounds < 1 || ibauInnerSteps < 1 || ibauOuterSteps < 1) throw invalid("ibauRounds/ibauInnerSteps/ibauOuterSteps", "positive counts");
        if (!(ibauInnerLr > 0) || !(ibauOuterLr > 0)) throw invalid("ibauInnerLr/ibauOuterLr", "positive learning rates");
        if (!(ibauRadius > 0)) throw invalid("ibauRadius", "a positive radius");
        if (neuralCleanseSteps < 1) throw invalid("neuralCleanseSteps", "a positive number of steps");
        if (!(neuralCleanseInitialCost > 0)) throw invalid("neuralCleanseInitialCost", "a positive cost");
        if (neuralCleanseMaxSamples < DefenseSamples.MINIMUM) throw invalid("neuralCleanseMaxSamples", "at least " + DefenseSamples.MINIMUM);
        if (!(neuralCleanseStampedShare > 0 && neuralCleanseStampedShare < 1)) throw invalid("neuralCleanseStampedShare", "a fraction in (0, 1)");
        return this;
    }
}
