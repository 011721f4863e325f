package dev.mamori.methods.attacks;

import dev.mamori.models.Classifier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * The shared base of every attack (in the style of torchattacks: one small class per attack). It validates inputs,
 * puts the model in eval mode for the duration of the attack (and restores its mode), splits the input into batches,
 * checks the clean predictions, runs the attack's {@link #perturb} on each batch and checks the result with a final
 * forward pass.
 *
 * <p>The model takes images in [0, 1] (wrap it in {@link dev.mamori.models.Normalized}) and returns logits.
 * Untargeted: {@link #run(INDArray, int[])}; targeted: {@link #runTargeted}. With {@link #earlyStop(boolean)} on (the
 * default) an example leaves the attack as soon as it reaches the goal; examples that already reach it before the
 * attack are returned unchanged. Everything random comes from {@link #seed(long)} and each example's index, so a
 * run is reproducible and independent of the batch size.
 *
 * <p>Randomized models are never judged on one random draw ({@link GoalJudge}): a {@link RandomizedModel} (known
 * realizations, e.g. a multi-key model's N keys) counts as fooled only when all N realizations are; any other model
 * whose outputs change between two calls on the clean batch is judged over {@link #draws} calls (k of k). Early
 * stopping and the final verdict both follow that rule, which {@link AttackResult#judgeRule()} states.
 *
 * @param <S> the concrete attack (so that the fluent setters return it)
 */
public abstract class Attack<S extends Attack<S>> {
    protected final Classifier model;
    private long seed = 0;
    private boolean earlyStop = true;
    private int batchSize = 256;
    private Eot eot;
    private int draws = 0;
    /** Draws per judgement of a model found randomized when {@link #draws} was not set. */
    public static final int DEFAULT_DRAWS = 10;

    protected Attack(Classifier model) {
        if (model == null) throw new IllegalArgumentException("an attack needs a model");
        this.model = model;
    }

    @SuppressWarnings("unchecked")
    protected final S self() {
        return (S) this;
    }

    // ------------------------------------------------------------------ settings

    public S seed(long value) {
        this.seed = value;
        return self();
    }

    /** Stop each example as soon as it reaches the goal (default true; false reproduces torchattacks' fixed-step runs). */
    public S earlyStop(boolean on) {
        this.earlyStop = on;
        return self();
    }

    /** Examples attacked together (and the largest batch sent to the model). */
    public S batchSize(int examples) {
        if (examples < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + examples);
        this.batchSize = examples;
        return self();
    }

    /** Average every gradient over transforms or model randomness (adaptive attacks on randomized/keyed defenses). */
    public S eot(Eot value) {
        this.eot = value;
        return self();
    }

    /**
     * Calls per judgement of a randomized model without known realizations: an example counts as fooled only when
     * all {@code k} calls are (default: 1 for a model that answers the same twice, {@link #DEFAULT_DRAWS} for one that
     * does not). A {@link RandomizedModel} is judged on all its realizations instead.
     */
    public S draws(int k) {
        if (k < 1) throw new IllegalArgumentException("draws must be >= 1, got " + k);
        this.draws = k;
        return self();
    }

    public long seed() {
        return seed;
    }

    public boolean earlyStop() {
        return earlyStop;
    }

    public int batchSize() {
        return batchSize;
    }

    public Eot eot() {
        return eot;
    }

    public Classifier model() {
        return model;
    }

    // ------------------------------------------------------------------ what an attack is

    /** A name with the settings that matter, e.g. "PGD-Linf(eps=0.1, alpha=0.01, steps=10)". */
    public abstract String name();

    /** The budget's norm, or null when the attack is unbounded (minimum-norm attacks without a budget). */
    public abstract Norm norm();

    /** The budget, or NaN when unbounded. */
    public abstract double epsilon();

    /** True for attacks that never use the target model's gradients (score-based, transfer). */
    public boolean isBlackBox() {
        return false;
    }

    /** Runs the attack on one batch: read {@code state.clean()}, leave the result in {@code state.adversarial()}. */
    protected abstract void perturb(AttackState state);

    // ------------------------------------------------------------------ running

    /** Untargeted attack: make the model misclassify. */
    public final AttackResult run(INDArray images, int[] labels) {
        return execute(images, labels, null);
    }

    /** Targeted attack: make the model predict {@code targets[i]} (each different from {@code labels[i]}). */
    public final AttackResult runTargeted(INDArray images, int[] labels, int[] targets) {
        if (targets == null) throw new IllegalArgumentException(name() + ": targeted run without targets");
        return execute(images, labels, targets);
    }

    private AttackResult execute(INDArray images, int[] labels, int[] targets) {
        long t0 = System.nanoTime();
        long[] shape = validate(images, labels, targets);
        int n = labels.length;
        long[] imageShape = Arrays.copyOfRange(shape, 1, shape.length);
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            float[] all = AttackedModel.floats(images);
            int features = all.length / n;
            float[] adversarial = new float[all.length];
            int[] cleanPred = new int[n], advPred = new int[n], queries = new int[n], iterations = new int[n];
            boolean[] success = new boolean[n];
            AttackedModel attacked = new AttackedModel(model, eot, batchSize, imageShape);
            GoalJudge goal = null;
            int[] fooledEvaluations = new int[n];
            for (int start = 0; start < n; start += batchSize) {
                int m = Math.min(batchSize, n - start);
                float[] clean = Arrays.copyOfRange(all, start * features, (start + m) * features);
                int[] y = Arrays.copyOfRange(labels, start, start + m);
                int[] t = targets == null ? null : Arrays.copyOfRange(targets, start, start + m);
                float[] cleanLogits = attacked.logits(clean, m);
                if (goal == null) goal = GoalJudge.of(attacked, draws > 0 ? draws : looksRandomized(attacked, clean, m, cleanLogits) ? DEFAULT_DRAWS : 1);
                AttackState state = new AttackState(attacked, goal, clean, y, t, earlyStop, seed, start);
                int[] rows = state.allRows();
                state.countQueries(rows, 1);
                state.setCleanLogits(cleanLogits);
                boolean[] before = state.goalReached(rows, clean, cleanLogits);
                for (int i = 0; i < m; i++) {
                    cleanPred[start + i] = AttackState.argmax(cleanLogits, model.numClasses(), i);
                    if (earlyStop && before[i]) state.finish(i);
                }
                perturb(state);
                float[] adv = state.adversarial();
                System.arraycopy(adv, 0, adversarial, start * features, m * features);
                // the verdict: every realization or draw (checking success is not counted as a query)
                float[][] verdict = goal.logits(adv, m);
                boolean[] after = state.reachedOnEvery(verdict, rows);
                for (int i = 0; i < m; i++) {
                    success[start + i] = after[i];
                    advPred[start + i] = favourablePrediction(verdict, model.numClasses(), i, labels[start + i], t == null ? -1 : t[i], after[i]);
                    for (float[] z : verdict) if (state.reachesGoal(z, i, i)) fooledEvaluations[start + i]++;
                    queries[start + i] = state.queries()[i];
                    iterations[start + i] = state.iterations()[i];
                }
            }
            INDArray advArray = Nd4j.create(adversarial, shape, 'c');
            return new AttackResult(name(), norm(), epsilon(), advArray, labels.clone(), targets == null ? null : targets.clone(),
                    cleanPred, advPred, success, queries, iterations, (System.nanoTime() - t0) / 1e9, goal.rule(), goal.evaluations(),
                    fooledEvaluations);
        } finally {
            model.setTraining(wasTraining);
        }
    }

    /** Whether a second call on the clean batch answers differently (SanityChecks' tolerance): a randomized model. */
    private static boolean looksRandomized(AttackedModel m, float[] clean, int n, float[] first) {
        if (m.classifier() instanceof RandomizedModel r) return r.isRandomized();
        return SanityChecks.maxNormalizedDifference(first, m.logits(clean, n), n, m.numClasses()) > SanityChecks.RANDOMIZED_TOLERANCE;
    }

    /**
     * The prediction reported for example i after the attack: when it was not judged fooled, that of an evaluation in
     * which it was not (the label for an untargeted attack if any evaluation gave it), so that robust accuracy and
     * success agree with the judge's rule; when fooled, that of the first evaluation.
     */
    private static int favourablePrediction(float[][] verdict, int classes, int i, int label, int target, boolean fooled) {
        if (fooled) return AttackState.argmax(verdict[0], classes, i);
        for (float[] z : verdict) {
            int p = AttackState.argmax(z, classes, i);
            if (target < 0 ? p == label : p != target) return p;
        }
        return AttackState.argmax(verdict[0], classes, i);
    }

    private long[] validate(INDArray images, int[] labels, int[] targets) {
        if (images == null) throw new IllegalArgumentException(name() + ": images are null");
        long[] shape = images.shape();
        if (shape.length != 4) {
            throw new IllegalArgumentException(name() + ": images must be [N, C, H, W], got shape " + Arrays.toString(shape));
        }
        if (!images.dataType().isFPType()) {
            throw new IllegalArgumentException(name() + ": images must be floating point in [0, 1], got " + images.dataType());
        }
        if (labels == null || labels.length != shape[0]) {
            throw new IllegalArgumentException(name() + ": " + shape[0] + " images but " + (labels == null ? "no" : labels.length) + " labels");
        }
        if (shape[0] == 0) throw new IllegalArgumentException(name() + ": no images");
        if (shape[1] != model.inChannels()) {
            throw new IllegalArgumentException(name() + ": the model takes " + model.inChannels() + " channels, images have " + shape[1]
                    + " (shape " + Arrays.toString(shape) + ")");
        }
        int classes = model.numClasses();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(name() + ": label " + labels[i] + " at index " + i + " is outside [0, " + classes + ")");
            }
        }
        if (targets != null) {
            if (targets.length != labels.length) {
                throw new IllegalArgumentException(name() + ": " + labels.length + " labels but " + targets.length + " targets");
            }
            for (int i = 0; i < targets.length; i++) {
                if (targets[i] < 0 || targets[i] >= classes) {
                    throw new IllegalArgumentException(name() + ": target " + targets[i] + " at index " + i + " is outside [0, " + classes + ")");
                }
                if (targets[i] == labels[i]) {
                    throw new IllegalArgumentException(name() + ": target " + targets[i] + " at index " + i + " equals the label");
                }
            }
        }
        INDArray f = images.dataType() == DataType.FLOAT ? images : images.castTo(DataType.FLOAT);
        double min = f.minNumber().doubleValue(), max = f.maxNumber().doubleValue();
        if (!(min >= 0 && max <= 1)) {
            throw new IllegalArgumentException(name() + ": pixels must be in [0, 1] (wrap the model in Normalized instead of"
                    + " normalizing the images); found values in [" + min + ", " + max + "]");
        }
        return shape;
    }

    @Override
    public String toString() {
        return name();
    }
}
