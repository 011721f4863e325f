package dev.mamori.methods.keydefense.adaptive;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.crypto.blockwise.TransformChain;
import dev.mamori.methods.keydefense.KeyedClassifier;
import dev.mamori.methods.keydefense.MultiKeyClassifier;
import dev.mamori.models.Classifier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Adaptive key search against a keyed model whose weights the attacker holds (a model file never contains the key):
 * the attacker sends a batch of their own images to the deployed model once ({@link Queries}, hard labels only), then,
 * offline, scores candidate keys by how well their own copy of the weights with that key reproduces the answers.
 *
 * <p>The score of a key is its agreement with the target's answers, measured softly as the mean log-probability the
 * candidate gives to the answers (the negative cross-entropy with them), with the hard agreement (query images on which
 * the candidate's top-1 class is the answer) reported beside it and breaking exact ties. The soft measure is what makes
 * climbing work: most single swaps leave the hard agreement unchanged (measured on a linear pixel model: climbing on
 * hard agreement first stalled at 44% of a shuffle key's positions where the soft score reached 88% with the same 300
 * swaps). Searches:
 * <ul>
 *   <li>{@link #random}: many keys from seeds, keep the best;</li>
 *   <li>{@link #hillClimb}: from a start key, propose pairwise swaps (two entries of a shuffling permutation; a masked and
 *       an unmasked position of a negative/positive or FFX mask, which keeps the mask's weight) and accept a swap only
 *       if the score improves, so the accepted scores increase monotonically. An FFX key's AES key is not searched
 *       (2^128 values): the climb keeps the start key's AES key and can only recover the mask;</li>
 *   <li>{@link #exhaustive}: every key of a space small enough to enumerate ({@link #keySpaceSize}: a negative/positive
 *       mask of a 1-channel 4 x 4 block is one of C(16, 7) = 11,440), each scored on the first query images, the best
 *       rescored on all of them.</li>
 * </ul>
 * Every result states the fraction of the key space it scored ({@link Result#searchedFraction()}), so that a search
 * that saw a negligible part of the space is never read as evidence that the key cannot be found.
 * The deployed model is queried only by {@link Queries#ask}; candidate evaluations cost the attacker compute, not
 * queries.
 */
public final class KeySearch {
    private final Function<SecretKey, Classifier> candidate;
    /** For a one-slot keyed target: its network (after the transform) and the transform to fill with candidate keys. */
    private final Classifier network;
    private final TransformChain template;
    private final Queries queries;
    private int batchSize = 256;
    private int evaluations;

    /** The attacker's images and the deployed model's answers to them (top-1 classes). */
    public record Queries(INDArray images, int[] answers) {
        public Queries {
            if (images.size(0) != answers.length) throw new IllegalArgumentException(images.size(0) + " query images but " + answers.length + " answers");
            if (answers.length == 0) throw new IllegalArgumentException("a key search needs at least one query");
        }

        /** Sends {@code images} to the deployed model once each and records its top-1 answers. */
        public static Queries ask(Classifier deployed, INDArray images) {
            return new Queries(images, predict(deployed, images, 256));
        }

        public int count() {
            return answers.length;
        }
    }

    /** How well a candidate key reproduces the answers: mean log-probability of the answers, and top-1 agreement. */
    public record Score(int agreeing, int total, double logLikelihood) {
        public double agreement() {
            return (double) agreeing / total;
        }

        /**
         * Strictly better: a higher mean log-likelihood of the answers (the soft agreement), or an equal one with more
         * agreeing answers.
         */
        public boolean betterThan(Score other) {
            if (logLikelihood > other.logLikelihood + 1e-9) return true;
            return Math.abs(logLikelihood - other.logLikelihood) <= 1e-9 && agreeing > other.agreeing;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d/%d agree, log-likelihood %.4f", agreeing, total, logLikelihood);
        }
    }

    /** One accepted key of a search: after how many candidate evaluations, and its score. */
    public record Step(int evaluation, int agreeing, double logLikelihood) {}

    /**
     * A search's estimate. {@code targetQueries}: queries to the deployed model (the query batch); {@code evaluations}:
     * candidate keys scored offline; {@code accepted}: every improvement in order (increasing scores).
     */
    public record Result(String method, SecretKey key, Score score, long targetQueries, int evaluations, List<Step> accepted, double seconds,
                         double searchedFraction) {
        public double agreement() {
            return score.agreement();
        }

        /** What the search measured, without the estimated key (which approximates the secret one). */
        public KeySearchSummary summary() {
            return new KeySearchSummary(method, score, targetQueries, evaluations, accepted, seconds, searchedFraction);
        }

        /** The same search with the fraction of the key space it scored. */
        Result searched(double fraction) {
            return new Result(method, key, score, targetQueries, evaluations, accepted, seconds, fraction);
        }
    }

    /**
     * @param candidate the attacker's model for a guessed key (e.g. {@link KeyedTarget#withKey}); called once per
     *                  candidate
     * @param queries   the query images and the deployed model's answers
     */
    public KeySearch(Function<SecretKey, Classifier> candidate, Queries queries) {
        this(candidate, null, null, queries);
    }

    private KeySearch(Function<SecretKey, Classifier> candidate, Classifier network, TransformChain template, Queries queries) {
        if (candidate == null || queries == null) throw new IllegalArgumentException("a key search needs candidates and queries");
        this.candidate = candidate;
        this.network = network;
        this.template = template;
        this.queries = queries;
    }

    /** A search against a one-slot keyed target: queries it with {@code queryImages}, candidates are its weights with a guessed key. */
    public static KeySearch against(KeyedTarget target, INDArray queryImages) {
        if (target.keyCount() != 1 || target.keyShapes().get(0).size() != 1) {
            throw new IllegalArgumentException("key search needs a target with one key slot of one transform; this one has "
                    + target.keyCount() + " slot(s)");
        }
        Queries asked = Queries.ask(target.deployed(), queryImages);
        if (target.model() instanceof KeyedClassifier k) return new KeySearch(target::withKey, k.model, k.transform(), asked);
        if (target.model() instanceof MultiKeyClassifier m) return new KeySearch(target::withKey, m.slotNetwork(0), m.keySlots().get(0), asked);
        return new KeySearch(target::withKey, asked);
    }

    public KeySearch batchSize(int value) {
        if (value < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + value);
        this.batchSize = value;
        return this;
    }

    public Queries queries() {
        return queries;
    }

    /** Candidate keys scored so far. */
    public int evaluations() {
        return evaluations;
    }

    /** The score of one candidate key on all query images. */
    public Score score(SecretKey key) {
        return score(key, queries.count());
    }

    /** The score of one candidate key on the first {@code images} query images. */
    Score score(SecretKey key, int images) {
        if (network != null && template.steps().size() == 1) return scoreAll(List.of(key), images).get(0);
        evaluations++;
        Classifier model = candidate.apply(key);
        boolean wasTraining = model.isTraining();
        model.eval();
        int classes = model.numClasses();
        float[] z = new float[images * classes];
        try {
            for (int start = 0; start < images; start += batchSize) {
                int m = Math.min(batchSize, images - start);
                System.arraycopy(logits(model, queries.images(), start, m), 0, z, start * classes, m * classes);
            }
        } finally {
            model.setTraining(wasTraining);
        }
        return scoreLogits(z, 0, images, classes);
    }

    /** Agreement and mean log-likelihood of the answers to query images 0..n-1, from logits rows first..first+n-1. */
    private Score scoreLogits(float[] z, int first, int n, int classes) {
        int agreeing = 0;
        double logLikelihood = 0;
        for (int i = 0; i < n; i++) {
            int row = first + i, answer = queries.answers()[i];
            int best = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double v = z[row * classes + c];
                if (v > max) {
                    max = v;
                    best = c;
                }
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += Math.exp(z[row * classes + c] - max);
            logLikelihood += z[row * classes + answer] - max - Math.log(sum);
            if (best == answer) agreeing++;
        }
        return new Score(agreeing, n, logLikelihood / n);
    }

    /** Scores {@code count} random keys of this kind and size (drawn from {@code seed}) and keeps the best. */
    public Result random(TransformKind kind, int blockSize, int channels, int count, long seed) {
        if (count < 1) throw new IllegalArgumentException("a random key search needs at least one candidate, got " + count);
        long t0 = System.nanoTime();
        int before = evaluations;
        SplittableRandom rng = new SplittableRandom(seed);
        SecretKey best = null;
        Score bestScore = null;
        List<Step> accepted = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SecretKey k = SecretKey.generate(kind, blockSize, channels, rng.split());
            Score s = score(k);
            if (bestScore == null || s.betterThan(bestScore)) {
                best = k;
                bestScore = s;
                accepted.add(new Step(evaluations - before, s.agreeing(), s.logLikelihood()));
            }
        }
        return new Result("random search (" + count + " keys)", best, bestScore, queries.count(), evaluations - before, accepted,
                (System.nanoTime() - t0) / 1e9, fractionAtMost(evaluations - before, kind, blockSize, channels));
    }

    /**
     * Pairwise-swap hill climbing from {@code start}: {@code proposals} random swaps, each accepted only if it improves
     * the score. A shuffling key swaps two permutation entries; a mask key swaps a masked with an unmasked position.
     */
    public Result hillClimb(SecretKey start, int proposals, long seed) {
        if (proposals < 0) throw new IllegalArgumentException("proposals must be >= 0, got " + proposals);
        long t0 = System.nanoTime();
        int before = evaluations;
        SplittableRandom rng = new SplittableRandom(seed);
        SecretKey best = start;
        Score bestScore = score(start);
        List<Step> accepted = new ArrayList<>();
        accepted.add(new Step(evaluations - before, bestScore.agreeing(), bestScore.logLikelihood()));
        for (int p = 0; p < proposals; p++) {
            SecretKey next = swap(best, rng);
            if (next == null) break; // no swap possible (a mask with all or no positions set)
            Score s = score(next);
            if (s.betterThan(bestScore)) {
                best = next;
                bestScore = s;
                accepted.add(new Step(evaluations - before, s.agreeing(), s.logLikelihood()));
            }
        }
        return new Result("hill climbing (" + proposals + " swaps)", best, bestScore, queries.count(), evaluations - before, accepted,
                (System.nanoTime() - t0) / 1e9, fractionAtMost(evaluations - before, start.kind(), start.blockSize(), start.channels()));
    }

    /** Random search, then hill climbing from its best key: the combined result (queries counted once). */
    public Result randomThenClimb(TransformKind kind, int blockSize, int channels, int randomKeys, int proposals, long seed) {
        long t0 = System.nanoTime();
        int before = evaluations;
        Result r = random(kind, blockSize, channels, randomKeys, seed);
        Result h = hillClimb(r.key(), proposals, seed ^ 0x6A09E667F3BCC909L);
        List<Step> steps = new ArrayList<>(r.accepted());
        for (Step s : h.accepted().subList(1, h.accepted().size())) steps.add(new Step(r.evaluations() + s.evaluation(), s.agreeing(), s.logLikelihood()));
        return new Result("random search (" + randomKeys + " keys) + hill climbing (" + proposals + " swaps)", h.key(), h.score(),
                queries.count(), evaluations - before, steps, (System.nanoTime() - t0) / 1e9,
                fractionAtMost(evaluations - before, kind, blockSize, channels));
    }

    /**
     * Every key of the space ({@link #allKeys}; at most {@code limit} of them, else an error): each scored on the first
     * {@code screenImages} query images, the best {@code finalists} rescored on all queries, the best of those returned.
     * The whole space is scored ({@link Result#searchedFraction()} 1).
     */
    public Result exhaustive(TransformKind kind, int blockSize, int channels, long limit, int screenImages, int finalists) {
        BigInteger size = keySpaceSize(kind, blockSize, channels);
        if (size.compareTo(BigInteger.valueOf(limit)) > 0) {
            throw new IllegalArgumentException("the " + kind.fileName() + " key space of block " + blockSize + " x " + blockSize + " x " + channels
                    + " has " + size + " keys, more than the limit " + limit + " for an exhaustive search");
        }
        long t0 = System.nanoTime();
        int before = evaluations;
        int screen = Math.min(screenImages, queries.count());
        List<SecretKey> all = allKeys(kind, blockSize, channels);
        double[] screened = new double[all.size()];
        for (int start = 0; start < all.size(); start += CANDIDATES_PER_BATCH) {
            List<SecretKey> part = all.subList(start, Math.min(all.size(), start + CANDIDATES_PER_BATCH));
            List<Score> scores = scoreAll(part, screen);
            for (int i = 0; i < scores.size(); i++) screened[start + i] = scores.get(i).logLikelihood();
        }
        Integer[] order = new Integer[all.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(screened[b], screened[a]));
        List<SecretKey> best = new ArrayList<>();
        for (int i = 0; i < Math.min(finalists, order.length); i++) best.add(all.get(order[i]));
        SecretKey winner = null;
        Score winnerScore = null;
        List<Step> accepted = new ArrayList<>();
        for (int start = 0; start < best.size(); start += CANDIDATES_PER_BATCH) {
            List<SecretKey> part = best.subList(start, Math.min(best.size(), start + CANDIDATES_PER_BATCH));
            List<Score> scores = scoreAll(part, queries.count());
            for (int i = 0; i < scores.size(); i++) {
                if (winnerScore == null || scores.get(i).betterThan(winnerScore)) {
                    winner = part.get(i);
                    winnerScore = scores.get(i);
                    accepted.add(new Step(evaluations - before, winnerScore.agreeing(), winnerScore.logLikelihood()));
                }
            }
        }
        return new Result(String.format(Locale.ROOT, "exhaustive (all %,d keys scored on %d query images, the best %d rescored on all %d)",
                all.size(), screen, best.size(), queries.count()), winner, winnerScore, queries.count(), evaluations - before, accepted,
                (System.nanoTime() - t0) / 1e9, 1.0);
    }

    /** Candidate keys scored in one batch of network calls by the exhaustive search. */
    private static final int CANDIDATES_PER_BATCH = 32;

    /**
     * The scores of several keys on the first {@code images} query images: for a one-slot keyed target one forward pass
     * of the network over every key's transformed images together, otherwise one candidate model per key.
     */
    List<Score> scoreAll(List<SecretKey> keys, int images) {
        List<Score> out = new ArrayList<>();
        if (network == null || template.steps().size() != 1) {
            for (SecretKey k : keys) out.add(score(k, images));
            return out;
        }
        INDArray x = queries.images().get(NDArrayIndex.interval(0, images)).castTo(DataType.FLOAT);
        List<INDArray> transformed = new ArrayList<>();
        for (SecretKey k : keys) transformed.add(template.withKeys(List.of(k)).apply(x));
        INDArray batch = org.nd4j.linalg.factory.Nd4j.concat(0, transformed.toArray(INDArray[]::new));
        boolean wasTraining = network.isTraining();
        network.eval();
        float[] z;
        try {
            int total = Math.toIntExact(batch.size(0)), classes = network.numClasses();
            z = new float[total * classes];
            for (int start = 0; start < total; start += batchSize) {
                int m = Math.min(batchSize, total - start);
                float[] part = logits(network, batch, start, m);
                System.arraycopy(part, 0, z, start * classes, m * classes);
            }
        } finally {
            network.setTraining(wasTraining);
        }
        for (int k = 0; k < keys.size(); k++) {
            evaluations++;
            out.add(scoreLogits(z, k * images, images, network.numClasses()));
        }
        return out;
    }

    /**
     * The number of keys of a kind and block size: L! permutations for shuffling, C(L, m) masks of weight
     * m = L - 1 - floor(L / 2) for negative/positive ({@link dev.mamori.methods.crypto.KeySource#halfMask}), and as many
     * times 2^128 AES keys for FFX.
     */
    public static BigInteger keySpaceSize(TransformKind kind, int blockSize, int channels) {
        int n = Math.multiplyExact(Math.multiplyExact(blockSize, blockSize), channels);
        return switch (kind) {
            case SHUFFLE -> factorial(n);
            case NEGATIVE_POSITIVE -> binomial(n, maskWeight(n));
            case FFX -> binomial(n, maskWeight(n)).shiftLeft(128);
        };
    }

    /** Every key of a kind and size in a fixed order (permutations in lexicographic order, masks by combination). */
    static List<SecretKey> allKeys(TransformKind kind, int blockSize, int channels) {
        int n = blockSize * blockSize * channels;
        List<SecretKey> out = new ArrayList<>();
        switch (kind) {
            case SHUFFLE -> {
                int[] p = new int[n];
                for (int i = 0; i < n; i++) p[i] = i;
                do out.add(SecretKey.shuffle(blockSize, channels, p.clone())); while (nextPermutation(p));
            }
            case NEGATIVE_POSITIVE -> {
                int m = maskWeight(n);
                int[] c = new int[m];
                for (int i = 0; i < m; i++) c[i] = i;
                while (true) {
                    boolean[] mask = new boolean[n];
                    for (int i : c) mask[i] = true;
                    out.add(SecretKey.negativePositive(blockSize, channels, mask));
                    int i = m - 1;
                    while (i >= 0 && c[i] == n - m + i) i--;
                    if (i < 0) break;
                    c[i]++;
                    for (int j = i + 1; j < m; j++) c[j] = c[j - 1] + 1;
                }
            }
            case FFX -> throw new IllegalArgumentException("an FFX key space (2^128 AES keys per mask) cannot be enumerated");
        }
        return out;
    }

    private static int maskWeight(int n) {
        return n - 1 - n / 2;
    }

    private static BigInteger factorial(int n) {
        BigInteger f = BigInteger.ONE;
        for (int i = 2; i <= n; i++) f = f.multiply(BigInteger.valueOf(i));
        return f;
    }

    private static BigInteger binomial(int n, int k) {
        BigInteger b = BigInteger.ONE;
        for (int i = 0; i < k; i++) b = b.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        return b;
    }

    private static boolean nextPermutation(int[] p) {
        int i = p.length - 2;
        while (i >= 0 && p[i] >= p[i + 1]) i--;
        if (i < 0) return false;
        int j = p.length - 1;
        while (p[j] <= p[i]) j--;
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
        for (int a = i + 1, b = p.length - 1; a < b; a++, b--) {
            t = p[a];
            p[a] = p[b];
            p[b] = t;
        }
        return true;
    }

    /** At most {@code evaluations} distinct keys of the space were scored: that count over the space's size. */
    private static double fractionAtMost(int evaluations, TransformKind kind, int blockSize, int channels) {
        return new java.math.BigDecimal(evaluations).divide(new java.math.BigDecimal(keySpaceSize(kind, blockSize, channels)),
                java.math.MathContext.DECIMAL64).doubleValue();
    }

    /**
     * The fraction of key positions an estimate has right: permutation entries for shuffling, mask entries otherwise
     * (an FFX key's AES key is not counted). For scoring an experiment's search; the attacker cannot compute it.
     */
    public static double positionsRecovered(SecretKey estimate, SecretKey truth) {
        if (estimate.kind() != truth.kind() || estimate.blockLength() != truth.blockLength()) {
            throw new IllegalArgumentException("keys of different kinds or sizes: " + estimate + " and " + truth);
        }
        int same = 0, n = truth.blockLength();
        if (truth.kind() == TransformKind.SHUFFLE) {
            int[] a = estimate.permutation(), b = truth.permutation();
            for (int i = 0; i < n; i++) if (a[i] == b[i]) same++;
        } else {
            boolean[] a = estimate.mask(), b = truth.mask();
            for (int i = 0; i < n; i++) if (a[i] == b[i]) same++;
        }
        return (double) same / n;
    }

    // ------------------------------------------------------------------ helpers

    /** {@code key} with one random pairwise swap, or null when the key admits none. */
    static SecretKey swap(SecretKey key, SplittableRandom rng) {
        int n = key.blockLength();
        if (n < 2) return null;
        switch (key.kind()) {
            case SHUFFLE -> {
                int[] p = key.permutation();
                int i = rng.nextInt(n), j = rng.nextInt(n - 1);
                if (j >= i) j++;
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
                return SecretKey.shuffle(key.blockSize(), key.channels(), p);
            }
            default -> {
                boolean[] m = key.mask();
                int set = 0;
                for (boolean b : m) if (b) set++;
                if (set == 0 || set == n) return null;
                int i = nth(m, true, rng.nextInt(set)), j = nth(m, false, rng.nextInt(n - set));
                m[i] = false;
                m[j] = true;
                return key.kind() == TransformKind.NEGATIVE_POSITIVE ? SecretKey.negativePositive(key.blockSize(), key.channels(), m)
                        : SecretKey.ffx(key.blockSize(), key.channels(), m, key.aesKey());
            }
        }
    }

    private static int nth(boolean[] m, boolean value, int k) {
        for (int i = 0; i < m.length; i++) if (m[i] == value && k-- == 0) return i;
        throw new IllegalStateException();
    }

    static int[] predict(Classifier model, INDArray images, int batchSize) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try {
            int n = Math.toIntExact(images.size(0)), classes = model.numClasses();
            int[] out = new int[n];
            for (int start = 0; start < n; start += batchSize) {
                int m = Math.min(batchSize, n - start);
                float[] z = logits(model, images, start, m);
                for (int i = 0; i < m; i++) {
                    int best = 0;
                    for (int c = 1; c < classes; c++) if (z[i * classes + c] > z[i * classes + best]) best = c;
                    out[start + i] = best;
                }
            }
            return out;
        } finally {
            model.setTraining(wasTraining);
        }
    }

    /** Logits of images[start, start + m) as a row-major float array, computed without a tape in a memory scope. */
    static float[] logits(Classifier model, INDArray images, int start, int m) {
        INDArray batch = images.get(NDArrayIndex.interval(start, start + m)).castTo(DataType.FLOAT).dup('c');
        try (MemoryScope ignored = MemoryScope.open("key-search"); GradMode.Scope off = GradMode.noGrad()) {
            INDArray z = model.call(Tensor.of(batch)).value();
            return z.castTo(DataType.FLOAT).dup('c').data().asFloat();
        }
    }
}
