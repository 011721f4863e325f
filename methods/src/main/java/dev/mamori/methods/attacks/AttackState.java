package dev.mamori.methods.attacks;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The working state of one attack on one batch, shared by the attack implementations: clean and adversarial images
 * as row-major float arrays ([n, C*H*W]), labels and targets, per-example counters and per-example random sources.
 * An attack reads {@link #clean()}, writes its result into {@link #adversarial()}, and asks the model through
 * {@link #lossGradient}/{@link #logits}, which count the queries of the examples involved.
 *
 * <p>Sub-batches are addressed by {@code rows}: indices into this batch. Attacks that stop early per example mark
 * finished examples with {@link #finish(int)} and iterate over {@link #activeRows()}.
 */
public final class AttackState {
    private final AttackedModel model;
    private final GoalJudge judge;
    private final int size;
    private final int features;
    private final int classes;
    private final float[] clean;
    private final float[] adversarial;
    private final int[] labels;
    private final int[] targets;
    private final int[] queries;
    private final int[] iterations;
    private final boolean[] finished;
    private final boolean earlyStop;
    private final long seed;
    private final int firstIndex;
    private final SplittableRandom[] exampleRandom;
    private final SplittableRandom batchRandom;
    private float[] cleanLogits;

    AttackState(AttackedModel model, GoalJudge judge, float[] clean, int[] labels, int[] targets, boolean earlyStop, long seed, int firstIndex) {
        this.model = model;
        this.judge = judge;
        this.features = model.features();
        this.size = labels.length;
        this.classes = model.numClasses();
        this.clean = clean;
        this.adversarial = clean.clone();
        this.labels = labels;
        this.targets = targets;
        this.queries = new int[size];
        this.iterations = new int[size];
        this.finished = new boolean[size];
        this.earlyStop = earlyStop;
        this.seed = seed;
        this.firstIndex = firstIndex;
        this.exampleRandom = new SplittableRandom[size];
        // one stream per example (by its index in the whole run): results do not depend on how the input is batched
        for (int i = 0; i < size; i++) exampleRandom[i] = new SplittableRandom(mix(seed, firstIndex + i));
        this.batchRandom = new SplittableRandom(mix(seed ^ 0x5DEECE66DL, firstIndex));
    }

    /** A seed derived from (seed, index) by SplitMix64 finalization. */
    static long mix(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ------------------------------------------------------------------ the batch

    public int size() {
        return size;
    }

    /** C*H*W. */
    public int features() {
        return features;
    }

    public int numClasses() {
        return classes;
    }

    /** The clean images (do not modify). */
    public float[] clean() {
        return clean;
    }

    /** The adversarial images: start as a copy of the clean ones; the attack leaves its result here. */
    public float[] adversarial() {
        return adversarial;
    }

    public int[] labels() {
        return labels;
    }

    /** Target classes, or null for an untargeted attack. */
    public int[] targets() {
        return targets;
    }

    public boolean targeted() {
        return targets != null;
    }

    /** [C, H, W] of one image. */
    public long[] imageShape() {
        return model.imageShape();
    }

    /** Logits [size, classes] of the clean images as the base class computed them (null for transfer attacks). */
    public float[] cleanLogits() {
        return cleanLogits;
    }

    /** The clean logits of every example: the recorded ones, or (transfer attacks) one query per example to get them. */
    public float[] cleanLogitsOfAll() {
        return cleanLogits != null ? cleanLogits : logits(allRows(), clean());
    }

    void setCleanLogits(float[] logits) {
        this.cleanLogits = logits;
    }

    /** Whether the attack should stop an example as soon as it reaches the goal. */
    public boolean earlyStop() {
        return earlyStop;
    }

    /** The attack's seed (for attacks that run sub-attacks). */
    public long seed() {
        return seed;
    }

    /** The index in the whole run of this batch's row 0. */
    public int firstIndex() {
        return firstIndex;
    }

    /** The random source of example {@code row} (reproducible from the seed and the example's index). */
    public SplittableRandom random(int row) {
        return exampleRandom[row];
    }

    /** A random source for draws shared by the whole batch (EOT transforms). */
    public SplittableRandom batchRandom() {
        return batchRandom;
    }

    // ------------------------------------------------------------------ bookkeeping

    public boolean isFinished(int row) {
        return finished[row];
    }

    /** Marks an example as done: it reached the goal (its adversarial image is final) or the attack gave up on it. */
    public void finish(int row) {
        finished[row] = true;
    }

    /** Rows not yet finished, in increasing order. */
    public int[] activeRows() {
        int count = 0;
        for (boolean f : finished) if (!f) count++;
        int[] rows = new int[count];
        int k = 0;
        for (int i = 0; i < size; i++) if (!finished[i]) rows[k++] = i;
        return rows;
    }

    /** All rows 0..n-1. */
    public int[] allRows() {
        int[] rows = new int[size];
        for (int i = 0; i < size; i++) rows[i] = i;
        return rows;
    }

    public void countIteration(int[] rows) {
        for (int r : rows) iterations[r]++;
    }

    public void countQueries(int[] rows, int perExample) {
        for (int r : rows) queries[r] += perExample;
    }

    int[] queries() {
        return queries;
    }

    int[] iterations() {
        return iterations;
    }

    // ------------------------------------------------------------------ rows

    /** The rows {@code rows} of a [size, width] array, packed. */
    public static float[] gather(float[] source, int[] rows, int width) {
        float[] out = new float[rows.length * width];
        for (int k = 0; k < rows.length; k++) System.arraycopy(source, rows[k] * width, out, k * width, width);
        return out;
    }

    /** Writes packed rows back to their places in a [size, width] array. */
    public static void scatter(float[] packed, int[] rows, int width, float[] target) {
        for (int k = 0; k < rows.length; k++) System.arraycopy(packed, k * width, target, rows[k] * width, width);
    }

    public static int[] gather(int[] source, int[] rows) {
        if (source == null) return null;
        int[] out = new int[rows.length];
        for (int k = 0; k < rows.length; k++) out[k] = source[rows[k]];
        return out;
    }

    /** Images of the given rows, packed. */
    public float[] cleanRows(int[] rows) {
        return gather(clean, rows, features);
    }

    public float[] adversarialRows(int[] rows) {
        return gather(adversarial, rows, features);
    }

    public void setAdversarialRows(int[] rows, float[] packed) {
        scatter(packed, rows, features, adversarial);
    }

    /** The entries of {@code rows} at positions where {@code keep} is true. */
    public static int[] select(int[] rows, boolean[] keep) {
        int count = 0;
        for (boolean b : keep) if (b) count++;
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < rows.length; i++) if (keep[i]) out[k++] = rows[i];
        return out;
    }

    // ------------------------------------------------------------------ model queries

    /** Loss and input gradient at {@code images} (packed rows); the state's targets are passed to the loss. */
    public LossGradient lossGradient(int[] rows, float[] images, AttackLoss loss) {
        return lossGradient(rows, images, loss, gather(targets, rows));
    }

    /** Loss and input gradient with explicit loss targets for these rows (null: untargeted loss). */
    public LossGradient lossGradient(int[] rows, float[] images, AttackLoss loss, int[] lossTargets) {
        requireImages(rows, images);
        countQueries(rows, model.evaluationsPerGradient());
        return model.lossGradient(images, rows.length, loss, gather(labels, rows), lossTargets, batchRandom);
    }

    /** Logits [rows, classes] at {@code images} (packed rows), one query each. */
    public float[] logits(int[] rows, float[] images) {
        requireImages(rows, images);
        countQueries(rows, 1);
        return model.logits(images, rows.length);
    }

    /** Logits of {@code count} images that all belong to example {@code row} (e.g. SPSA's perturbed copies). */
    public float[] logitsOfCopies(int row, float[] images, int count) {
        if (images.length != count * features) throw new IllegalArgumentException("expected " + count + " images of " + features + " values");
        queries[row] += count;
        return model.logits(images, count);
    }

    /** Logits and per-class logit gradients (DeepFool); one query each. */
    public java.util.List<float[]> logitGradients(int[] rows, float[] images, int[][] classes) {
        requireImages(rows, images);
        countQueries(rows, 1);
        return model.logitGradients(images, rows.length, classes);
    }

    /** Logits and the gradient of one logit difference per row, the pair chosen from the logits (FAB); one query each. */
    public LogitDifference logitDifferenceGradients(int[] rows, float[] images, LogitPairChooser pairs) {
        requireImages(rows, images);
        countQueries(rows, 1);
        return model.logitDifferenceGradients(images, rows.length, pairs);
    }

    // ------------------------------------------------------------------ the goal on a randomized model

    /** Whether the model under attack is randomized (judged over its realizations or over repeated draws). */
    public boolean randomized() {
        return judge.isRandomized();
    }

    /** Model evaluations one judgement of an image takes (1 on a deterministic model). */
    public int judgeEvaluations() {
        return judge.evaluations();
    }

    /**
     * Whether each image (packed rows) reaches the goal, so that an attack may stop it: on a deterministic model,
     * {@code logits} (the attack's own query at these images) decide; on a randomized model those logits are one draw
     * or an EOT average, so the rows they call successful are judged again on every realization or draw
     * ({@link GoalJudge}; these checks are queries) and only the ones that pass are reported. Never trust one draw.
     */
    public boolean[] goalReached(int[] rows, float[] images, float[] logits) {
        requireImages(rows, images);
        boolean[] reached = reachesGoal(logits, rows);
        if (!judge.isRandomized()) return reached;
        int[] candidates = select(rows, reached);
        if (candidates.length == 0) return reached;
        float[] candidateImages = new float[candidates.length * features];
        for (int k = 0, q = 0; k < rows.length; k++) if (reached[k]) System.arraycopy(images, k * features, candidateImages, q++ * features, features);
        boolean[] confirmed = reachedOnEvery(judgeLogits(candidates, candidateImages), candidates);
        for (int k = 0, q = 0; k < rows.length; k++) if (reached[k]) reached[k] = confirmed[q++];
        return reached;
    }

    /** Logits of every judge evaluation (N realizations, k draws, or the one call) at these images; counted as queries. */
    public float[][] judgeLogits(int[] rows, float[] images) {
        requireImages(rows, images);
        countQueries(rows, judge.evaluations());
        return judge.logits(images, rows.length);
    }

    /** N when the model under attack is a randomized model with known realizations, 0 otherwise. */
    public int realizations() {
        return judge.realizations();
    }

    /**
     * Logits [rows, classes] with row k evaluated on realization {@code realization[k]} of the model (one query each):
     * comparisons under the same draw.
     */
    public float[] realizationLogits(int[] rows, float[] images, int[] realization) {
        requireImages(rows, images);
        countQueries(rows, 1);
        float[] out = new float[rows.length * classes];
        for (int r = 0; r < judge.realizations(); r++) {
            int count = 0;
            for (int v : realization) if (v == r) count++;
            if (count == 0) continue;
            float[] part = new float[count * features];
            int[] where = new int[count];
            for (int k = 0, q = 0; k < rows.length; k++) {
                if (realization[k] != r) continue;
                System.arraycopy(images, k * features, part, q * features, features);
                where[q++] = k;
            }
            float[] z = judge.realization(r, part, count);
            for (int q = 0; q < count; q++) System.arraycopy(z, q * classes, out, where[q] * classes, classes);
        }
        return out;
    }

    /**
     * For the rows marked {@code candidate} (already known to reach the goal on realization {@code known}): whether they
     * reach it on every other realization too (N - 1 queries each); false for the other rows.
     */
    public boolean[] reachedOnOtherRealizations(int[] rows, float[] images, boolean[] candidate, int known) {
        requireImages(rows, images);
        int[] picked = select(rows, candidate);
        boolean[] out = new boolean[rows.length];
        if (picked.length == 0) return out;
        float[] pickedImages = new float[picked.length * features];
        for (int k = 0, q = 0; k < rows.length; k++) if (candidate[k]) System.arraycopy(images, k * features, pickedImages, q++ * features, features);
        boolean[] all = new boolean[picked.length];
        java.util.Arrays.fill(all, true);
        for (int r = 0; r < judge.realizations(); r++) {
            if (r == known) continue;
            countQueries(picked, 1);
            boolean[] here = reachesGoal(judge.realization(r, pickedImages, picked.length), picked);
            for (int k = 0; k < picked.length; k++) all[k] &= here[k];
        }
        for (int k = 0, q = 0; k < rows.length; k++) if (candidate[k]) out[k] = all[q++];
        return out;
    }

    /** Whether each row reaches the goal in every one of the judge's evaluations. */
    public boolean[] reachedOnEvery(float[][] judgeLogits, int[] rows) {
        boolean[] out = new boolean[rows.length];
        java.util.Arrays.fill(out, true);
        for (float[] z : judgeLogits) {
            boolean[] r = reachesGoal(z, rows);
            for (int k = 0; k < rows.length; k++) out[k] &= r[k];
        }
        return out;
    }

    /** Whether row k of {@code logits} (belonging to example {@code row}) reaches the attack's goal in that one evaluation. */
    public boolean reachesGoal(float[] logits, int k, int row) {
        int predicted = argmax(logits, classes, k);
        return targets == null ? predicted != labels[row] : predicted == targets[row];
    }

    /** Goal flags for every row of a logits block (one evaluation; on a randomized model use {@link #goalReached}). */
    public boolean[] reachesGoal(float[] logits, int[] rows) {
        boolean[] out = new boolean[rows.length];
        for (int k = 0; k < rows.length; k++) out[k] = reachesGoal(logits, k, rows[k]);
        return out;
    }

    static int argmax(float[] logits, int classes, int row) {
        int best = 0;
        for (int c = 1; c < classes; c++) if (logits[row * classes + c] > logits[row * classes + best]) best = c;
        return best;
    }

    private void requireImages(int[] rows, float[] images) {
        if (images.length != rows.length * features) {
            throw new IllegalArgumentException("expected " + rows.length + " images of " + features + " values, got " + images.length + " values");
        }
    }

    @Override
    public String toString() {
        return "AttackState[" + size + " examples, " + features + " features, " + classes + " classes, targeted=" + targeted()
                + ", finished=" + Arrays.toString(finished) + "]";
    }
}
