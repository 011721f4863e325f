package dev.mamori.methods.encryption.attacks;

import dev.mamori.autograd.MemoryScope;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.methods.encryption.neuracrypt.ShuffledTokenEncoder;
import dev.mamori.nn.util.Progress;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/**
 * Carlini et al.'s break of NeuraCrypt ("NeuraCrypt is not private", 2021; docs/METHODS.md item 5), which also applies,
 * unchanged, to Color-NeuraCrypt: given N original images and their encodings under an unknown key, each token grid
 * shuffled and the set in an unknown order, say which encoding is which original.
 * <ol>
 *   <li><b>Patch similarity.</b> The attacker samples many encoders of the scheme (fresh random keys: the architecture
 *       is public), encodes their own images without shuffling, and trains a {@link PatchMatcher} on aligned
 *       (patch, token) pairs of {@link MomentFeatures}.</li>
 *   <li><b>Undo the per-image shuffle.</b> Tokens at the same position of two images share the key's position
 *       embedding, so each encoding's tokens are matched to a reference encoding by optimal assignment on squared
 *       distance ({@link LinearAssignment}); first to encoding 0, then to the mean of the aligned set. All encodings
 *       then share one unknown token order.</li>
 *   <li><b>First matching.</b> A pair (original i, encoding j) scores the mean similarity of the optimal assignment of
 *       i's patches to j's tokens. The reference scores every pair; we score the {@code candidates} best pairs of each
 *       encoding under a cheaper greedy score (mean over tokens of the best patch similarity) and give the others a
 *       score below all candidates (ours, for compute; {@code candidates = N} is the reference). Encodings are matched
 *       to originals by optimal assignment on these scores. Beside it (ours), a second start that needs no pair
 *       scores: the shared token order is estimated from position statistics alone (each aligned token position's
 *       mean embedding assigned to a patch position's mean embedding), and the matching solved under it. On small
 *       images with few patches the per-pair assignment is weak (each pair has only 16 to 64 patches to compare);
 *       position statistics are strong wherever objects sit in the middle of the image.</li>
 *   <li><b>Refinement</b> ({@code refinements} rounds): the shared token order is estimated from the matched pairs
 *       (assignment on their summed similarity matrices), the pair score becomes the mean similarity under that one
 *       order, and the matching is solved again.</li>
 * </ol>
 * Reported: re-identification accuracy (encodings matched to their own original) after each stage; chance is 1/N.
 * The reference's last stage (training a copy of the encoder on matched pairs) is not run.
 */
public final class NeuraCryptBreak {
    private NeuraCryptBreak() {}

    /**
     * The attack's budget.
     *
     * @param encoders         fresh encoders the attacker samples (the reference: 30)
     * @param imagesPerEncoder auxiliary images each encodes (the reference: 100)
     * @param encodeBatchSize  batch size the attacker encodes with (batch statistics; the owner's)
     * @param steps            training steps of the patch matcher (the reference: 80,000 at lr 1e-4)
     * @param batchSize        pairs per step (the reference: 4,096)
     * @param lr               Adam's learning rate
     * @param candidates       pairs per encoding scored by optimal assignment in the first matching
     * @param refinements      rounds of refinement
     * @param seed             the attacker's randomness (encoder keys, image subsets, training)
     */
    public record Config(int encoders, int imagesPerEncoder, int encodeBatchSize, int steps, int batchSize, double lr, int candidates,
                         int refinements, long seed) {
        public Config {
            if (encoders < 1 || imagesPerEncoder < 2 || encodeBatchSize < 2 || steps < 1 || batchSize < 2 || !(lr > 0) || candidates < 1 || refinements < 0) {
                throw new IllegalArgumentException("invalid NeuraCrypt break budget: " + this);
            }
        }

        /** "30 encoders x 100 images, 2000 steps x 2048 pairs (lr 0.001), 20 candidates, 3 refinements". */
        public String describe() {
            return String.format(Locale.ROOT, "%d encoders x %d images, %d steps x %d pairs (lr %g), %d candidates per encoding, %d refinements",
                    encoders, imagesPerEncoder, steps, batchSize, lr, candidates, refinements);
        }
    }

    /** Re-identification accuracy after one stage. */
    public record Stage(String name, Proportion accuracy) {}

    /** What the attack achieved. */
    public record Result(int targets, List<Stage> stages, PatchMatcher.Training training, Config config, double seconds) {
        /** The final stage's accuracy. */
        public Proportion reidentification() {
            return stages.get(stages.size() - 1).accuracy();
        }

        /** 1 / N. */
        public double chance() {
            return 1.0 / targets;
        }
    }

    /**
     * Runs the attack.
     *
     * @param freshEncoder  the attacker's encoder factory: a new encoder of the scheme with a key drawn from the seed
     * @param auxiliary     the attacker's own plain images [Na, C, H, W] (disjoint from the targets)
     * @param originals     the N plain target images [N, C, H, W]
     * @param encodings     their encodings (token grids [N, D, h, w]) in an order unknown to the attacker
     * @param truth         for the score only: truth[j] is the index of encoding j's original
     * @param patch         the scheme's patch size
     * @param checkpoints   where the patch matcher's training checkpoints (it continues from there when killed); its
     *                      progress is shown when {@code log} is given
     */
    public static Result run(LongFunction<ShuffledTokenEncoder> freshEncoder, INDArray auxiliary, INDArray originals, INDArray encodings,
                             int[] truth, int patch, Config config, TrainingCheckpoints checkpoints, PrintStream log) {
        long t0 = System.nanoTime();
        int n = (int) originals.size(0);
        if (encodings.size(0) != n || truth.length != n) throw new IllegalArgumentException("need as many encodings and truths as originals");
        SplittableRandom rng = new SplittableRandom(config.seed());

        // 1. patch similarity from freshly sampled encoders
        float[][] pairs = trainingPairs(freshEncoder, auxiliary, patch, config, rng, log);
        PatchMatcher matcher = PatchMatcher.create(64, 8, rng.nextLong());
        PatchMatcher.Training training = matcher.fit(pairs[0], pairs[1], config.steps(), config.batchSize(), config.lr(), rng.nextLong(),
                checkpoints.named(log == null ? null : "patch matcher"));
        if (log != null) {
            log.printf(Locale.ROOT, "  patch matcher: %d pairs, loss %.3f, held-out pair accuracy %.1f%%%n", training.pairs(), training.finalLoss(),
                    100 * training.heldOutPairAccuracy());
        }

        // 2. undo the per-image token shuffle
        INDArray tokens = ShuffledTokenEncoder.fromGrid(encodings.castTo(DataType.FLOAT));
        int t = (int) tokens.size(1), d = (int) tokens.size(2);
        float[] aligned = align(tokens.dup('c').data().asFloat(), n, t, d);

        // embeddings of patches and of aligned tokens
        float[] patches = MomentFeatures.patches(originals, patch);
        int l = patches.length / (n * t);
        MomentFeatures.centerAcrossImages(patches, n, t, l);
        MomentFeatures.centerAcrossImages(aligned, n, t, d);
        float[] pe = matcher.embedPatches(MomentFeatures.of(patches, n * t, l), n * t);
        float[] te = matcher.embedTokens(MomentFeatures.of(aligned, n * t, d), n * t);
        int e = pe.length / (n * t);

        // 3. first matching, two ways: the reference's per-pair optimal assignment, and (ours) one shared token order
        //    estimated from position statistics alone: the mean embedding of each aligned token position against the mean
        //    embedding of each patch position (objects sit in the middle, backgrounds at the border)
        List<Stage> stages = new ArrayList<>();
        int[] byAssignment = firstMatching(pe, te, n, t, e, Math.min(config.candidates(), n), log);
        stages.add(new Stage("first matching (optimal patch assignment per pair)", score(byAssignment, truth)));
        int[] order = positionOrder(pe, te, n, t, e);
        int[] byPosition = orderedMatching(pe, te, order, n, t, e);
        stages.add(new Stage("first matching (token order from position statistics)", score(byPosition, truth)));

        // 4. refinement through one shared token order, from both starts; the final matching is the one whose matched pairs
        //    agree best under their own order (an unsupervised choice: the attacker does not know the truth)
        int[][] starts = {byAssignment, byPosition};
        String[] names = {"assignment", "position"};
        int[] best = byAssignment;
        double bestObjective = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 2; k++) {
            int[] matching = starts[k];
            for (int round = 0; round < config.refinements(); round++) {
                int[] shared = sharedOrder(pe, te, matching, n, t, e);
                matching = orderedMatching(pe, te, shared, n, t, e);
                stages.add(new Stage("refinement " + (round + 1) + " from the " + names[k] + " start (shared token order)", score(matching, truth)));
            }
            double objective = objective(pe, te, matching, sharedOrder(pe, te, matching, n, t, e), n, t, e);
            if (objective > bestObjective) {
                bestObjective = objective;
                best = matching;
            }
        }
        stages.add(new Stage("final (the refined matching with the higher mean similarity)", score(best, truth)));
        if (log != null) {
            for (Stage s : stages) log.printf(Locale.ROOT, "  %s: %.1f%% of %d%n", s.name(), 100 * s.accuracy().value(), n);
        }
        return new Result(n, stages, training, config, (System.nanoTime() - t0) / 1e9);
    }

    /** [patch features, token features], aligned row by row, from config.encoders() fresh encoders. */
    static float[][] trainingPairs(LongFunction<ShuffledTokenEncoder> freshEncoder, INDArray auxiliary, int patch, Config config,
                                   SplittableRandom rng, PrintStream log) {
        int na = (int) auxiliary.size(0);
        int per = Math.min(config.imagesPerEncoder(), na);
        List<float[]> ps = new ArrayList<>(), ts = new ArrayList<>();
        try (Progress progress = log == null ? Progress.silent("fresh encoders", config.encoders()) : Progress.plain("fresh encoders", config.encoders(), log)) {
            for (int k = 0; k < config.encoders(); k++) {
                ShuffledTokenEncoder enc = freshEncoder.apply(rng.nextLong());
                int[] pick = Arrays.copyOf(permutation(na, rng), per);
                INDArray x = Nd4j.pullRows(auxiliary.reshape('c', na, -1), 1, pick).reshape('c', per, auxiliary.size(1), auxiliary.size(2), auxiliary.size(3));
                List<INDArray> tok = new ArrayList<>();
                for (int s = 0; s < per; s += config.encodeBatchSize()) {
                    int end = Math.min(per, s + config.encodeBatchSize());
                    tok.add(enc.tokens(x.get(NDArrayIndex.interval(s, end)).dup('c')));
                }
                float[] tokens = Nd4j.concat(0, tok.toArray(INDArray[]::new)).dup('c').data().asFloat();
                int t = enc.tokenCount(), d = enc.tokenDim();
                float[] patches = MomentFeatures.patches(x, patch);
                int l = patches.length / (per * t);
                MomentFeatures.centerAcrossImages(patches, per, t, l);
                MomentFeatures.centerAcrossImages(tokens, per, t, d);
                ps.add(MomentFeatures.of(patches, per * t, l));
                ts.add(MomentFeatures.of(tokens, per * t, d));
                progress.step();
            }
        }
        // shuffle the pairs so that the held-out ones come from every encoder
        int rows = ps.stream().mapToInt(a -> a.length).sum() / MomentFeatures.COUNT;
        float[] p = new float[rows * MomentFeatures.COUNT], q = new float[p.length];
        int[] order = permutation(rows, rng);
        float[] pa = concat(ps), ta = concat(ts);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(pa, order[r] * MomentFeatures.COUNT, p, r * MomentFeatures.COUNT, MomentFeatures.COUNT);
            System.arraycopy(ta, order[r] * MomentFeatures.COUNT, q, r * MomentFeatures.COUNT, MomentFeatures.COUNT);
        }
        return new float[][]{p, q};
    }

    /**
     * Aligns every encoding's tokens [n, t, d] to a common order: optimal assignment on squared distance to encoding 0,
     * then to the mean of the aligned encodings. Returns the aligned tokens.
     */
    static float[] align(float[] tokens, int n, int t, int d) {
        float[] reference = Arrays.copyOfRange(tokens, 0, t * d);
        float[] aligned = new float[tokens.length];
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < n; i++) {
                float[] cost = new float[t * t];
                for (int a = 0; a < t; a++)
                    for (int b = 0; b < t; b++) {
                        double s = 0;
                        for (int k = 0; k < d; k++) {
                            double diff = reference[a * d + k] - tokens[(i * t + b) * d + k];
                            s += diff * diff;
                        }
                        cost[a * t + b] = (float) s;
                    }
                int[] col = LinearAssignment.minimize(cost, t, t).columnOfRow();
                for (int a = 0; a < t; a++) System.arraycopy(tokens, (i * t + col[a]) * d, aligned, (i * t + a) * d, d);
            }
            reference = new float[t * d];
            for (int i = 0; i < n; i++) for (int k = 0; k < t * d; k++) reference[k] += aligned[i * t * d + k] / n;
        }
        return aligned;
    }

    /** Greedy scores, then optimal assignment scores for each encoding's best candidates, then a global assignment. */
    static int[] firstMatching(float[] pe, float[] te, int n, int t, int e, int candidates, PrintStream log) {
        INDArray patchEmb = Nd4j.create(pe, new long[]{(long) n * t, e}, 'c');
        double[][] score = new double[n][n];
        try (Progress progress = log == null ? Progress.silent("first matching", n) : Progress.plain("first matching", n, log)) {
            for (int j = 0; j < n; j++) {
                try (MemoryScope ignored = MemoryScope.open("neuracrypt-break")) { // the n*t x t similarities of every encoding reuse one buffer
                    INDArray q = Nd4j.create(Arrays.copyOfRange(te, j * t * e, (j + 1) * t * e), new long[]{t, e}, 'c');
                    // sims[i, p, a] = <patch p of original i, token a of encoding j>
                    INDArray sims = patchEmb.mmul(q.transpose()).reshape('c', n, t, t);
                    double[] greedy = sims.max(1).mean(1).castTo(DataType.DOUBLE).data().asDouble();
                    Integer[] byGreedy = new Integer[n];
                    for (int i = 0; i < n; i++) byGreedy[i] = i;
                    Arrays.sort(byGreedy, (x, y) -> Double.compare(greedy[y], greedy[x]));
                    double floor = Double.POSITIVE_INFINITY;
                    boolean[] done = new boolean[n];
                    for (int c = 0; c < candidates; c++) {
                        int i = byGreedy[c];
                        float[] m = sims.get(NDArrayIndex.point(i)).dup('c').data().asFloat();
                        LinearAssignment.Result r = LinearAssignment.maximize(m, t, t);
                        score[j][i] = r.cost() / t;
                        floor = Math.min(floor, score[j][i]);
                        done[i] = true;
                    }
                    for (int i = 0; i < n; i++) if (!done[i]) score[j][i] = floor - 1 + greedy[i] * 1e-3;
                }
                progress.step();
            }
        }
        MemoryScope.release("neuracrypt-break");
        return LinearAssignment.maximize(score).columnOfRow();
    }

    /** The token order shared by all aligned encodings: order[a] = patch position of aligned token a. */
    static int[] sharedOrder(float[] pe, float[] te, int[] matching, int n, int t, int e) {
        double[][] overall = new double[t][t];
        for (int j = 0; j < n; j++) {
            int i = matching[j];
            for (int a = 0; a < t; a++)
                for (int p = 0; p < t; p++) overall[a][p] += PatchMatcher.dot(te, j * t + a, pe, i * t + p, e);
        }
        return LinearAssignment.maximize(overall).columnOfRow();
    }

    /** A shared order from position statistics: assignment of mean token embeddings to mean patch embeddings. */
    static int[] positionOrder(float[] pe, float[] te, int n, int t, int e) {
        double[][] sim = new double[t][t];
        float[] meanP = new float[t * e], meanQ = new float[t * e];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < t * e; k++) {
                meanP[k] += pe[i * t * e + k] / n;
                meanQ[k] += te[i * t * e + k] / n;
            }
        for (int a = 0; a < t; a++) for (int p = 0; p < t; p++) sim[a][p] = PatchMatcher.dot(meanQ, a, meanP, p, e);
        return LinearAssignment.maximize(sim).columnOfRow();
    }

    /** Mean similarity of the matched pairs under {@code order}. */
    static double objective(float[] pe, float[] te, int[] matching, int[] order, int n, int t, int e) {
        double s = 0;
        for (int j = 0; j < n; j++) for (int a = 0; a < t; a++) s += PatchMatcher.dot(te, j * t + a, pe, matching[j] * t + order[a], e);
        return s / (n * t);
    }

    /** Matching under one token order: score(j, i) = mean_a <token a of j, patch order[a] of i>. */
    static int[] orderedMatching(float[] pe, float[] te, int[] order, int n, int t, int e) {
        float[] permuted = new float[pe.length];
        for (int i = 0; i < n; i++) for (int a = 0; a < t; a++) System.arraycopy(pe, (i * t + order[a]) * e, permuted, (i * t + a) * e, e);
        INDArray p = Nd4j.create(permuted, new long[]{n, (long) t * e}, 'c');
        INDArray q = Nd4j.create(te, new long[]{n, (long) t * e}, 'c');
        double[] s = q.mmul(p.transpose()).castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[][] score = new double[n][n];
        for (int j = 0; j < n; j++) System.arraycopy(s, j * n, score[j], 0, n);
        return LinearAssignment.maximize(score).columnOfRow();
    }

    static Proportion score(int[] matching, int[] truth) {
        int hits = 0;
        for (int j = 0; j < truth.length; j++) if (matching[j] == truth[j]) hits++;
        return Proportion.of(hits, truth.length);
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int x = p[i];
            p[i] = p[j];
            p[j] = x;
        }
        return p;
    }

    private static float[] concat(List<float[]> parts) {
        float[] out = new float[parts.stream().mapToInt(a -> a.length).sum()];
        int pos = 0;
        for (float[] a : parts) {
            System.arraycopy(a, 0, out, pos, a.length);
            pos += a.length;
        }
        return out;
    }
}
