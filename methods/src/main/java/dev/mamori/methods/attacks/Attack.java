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
 * @param <S> the concrete attack (so that the fluent setters return it)
 */
public abstract class Attack<S extends Attack<S>> {
    protected final Classifier model;
    private long seed = 0;
    private boolean earlyStop = true;
    private int batchSize = 256;
    private Eot eot;

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

    /** The model whose predictions decide success (the target; differs from {@link #model} for transfer attacks). */
    protected Classifier evaluationModel() {
        return model;
    }

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
        Classifier judge = evaluationModel();
        boolean wasTraining = model.isTraining(), judgeWasTraining = judge.isTraining();
        model.eval();
        judge.eval();
        try {
            float[] all = AttackedModel.floats(images);
            int features = all.length / n;
            float[] adversarial = new float[all.length];
            int[] cleanPred = new int[n], advPred = new int[n], queries = new int[n], iterations = new int[n];
            boolean[] success = new boolean[n];
            AttackedModel attacked = new AttackedModel(model, eot, batchSize, imageShape);
            AttackedModel judged = judge == model ? attacked : new AttackedModel(judge, null, batchSize, imageShape);
            for (int start = 0; start < n; start += batchSize) {
                int m = Math.min(batchSize, n - start);
                float[] clean = Arrays.copyOfRange(all, start * features, (start + m) * features);
                int[] y = Arrays.copyOfRange(labels, start, start + m);
                int[] t = targets == null ? null : Arrays.copyOfRange(targets, start, start + m);
                AttackState state = new AttackState(attacked, clean, y, t, earlyStop, seed, start);
                int[] rows = state.allRows();
                float[] cleanLogits = judge == model ? state.logits(rows, clean) : judged.logits(clean, m);
                if (judge == model) state.setCleanLogits(cleanLogits);
                boolean[] before = state.reachesGoal(cleanLogits, rows);
                for (int i = 0; i < m; i++) {
                    cleanPred[start + i] = AttackState.argmax(cleanLogits, judge.numClasses(), i);
                    if (earlyStop && before[i]) state.finish(i);
                }
                perturb(state);
                float[] adv = state.adversarial();
                System.arraycopy(adv, 0, adversarial, start * features, m * features);
                float[] advLogits = judged.logits(adv, m);
                boolean[] after = state.reachesGoal(advLogits, rows);
                for (int i = 0; i < m; i++) {
                    advPred[start + i] = AttackState.argmax(advLogits, judge.numClasses(), i);
                    success[start + i] = after[i];
                    queries[start + i] = state.queries()[i];
                    iterations[start + i] = state.iterations()[i];
                }
            }
            INDArray advArray = Nd4j.create(adversarial, shape, 'c');
            return new AttackResult(name(), norm(), epsilon(), advArray, labels.clone(), targets == null ? null : targets.clone(),
                    cleanPred, advPred, success, queries, iterations, (System.nanoTime() - t0) / 1e9);
        } finally {
            model.setTraining(wasTraining);
            judge.setTraining(judgeWasTraining);
        }
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
        Classifier judge = evaluationModel();
        if (shape[1] != model.inChannels() || shape[1] != judge.inChannels()) {
            throw new IllegalArgumentException(name() + ": the model takes " + model.inChannels() + " channels, images have " + shape[1]
                    + " (shape " + Arrays.toString(shape) + ")");
        }
        int classes = judge.numClasses();
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
