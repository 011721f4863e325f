package dev.mamori.methods.encryption.attacks;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.layers.Activation;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.Sequential;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.train.EpochRecord;
import dev.mamori.nn.train.StepBatches;
import dev.mamori.nn.train.StepResult;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;
import dev.mamori.nn.train.TrainingStep;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * The patch similarity function of Carlini et al.'s break of NeuraCrypt: two small towers, one for the moment features
 * of raw patches ({@code encoder}) and one for those of tokens ({@code decoder}), each 15 -> 64 -> 64 -> 8 with leaky
 * ReLU and an L2-normalised output, trained contrastively (a K-way softmax over a batch of aligned (patch, token) pairs,
 * logits scaled by exp(clamp(s, -2, 4)) with s learned, as CLIP does) so that a patch and the token it became are
 * close. The pairs come from encoders the attacker samples afresh, so the towers learn what holds for every key.
 * Inputs are standardised with the training features' mean and deviation (ours: it lets a short training converge).
 */
public final class PatchMatcher extends Module {
    /** The name of the towers and their optimizer in checkpoints. */
    static final String NAME = "matcher";

    public final Sequential encoder, decoder;
    public final Tensor scale;
    private float[] patchMean = ones(MomentFeatures.COUNT, 0), patchStd = ones(MomentFeatures.COUNT, 1);
    private float[] tokenMean = ones(MomentFeatures.COUNT, 0), tokenStd = ones(MomentFeatures.COUNT, 1);

    /**
     * How the towers were trained and how well they separate pairs; {@code seconds} is the training time of the attempt
     * that finished it (a resumed training's count its own part only).
     */
    public record Training(int pairs, int steps, int batchSize, double lr, double finalLoss, double heldOutPairAccuracy, double seconds) {}

    /** Towers with weights drawn after {@code Init.seed(seed)}. */
    public static PatchMatcher create(int hidden, int embedding, long seed) {
        Init.seed(seed);
        return new PatchMatcher(hidden, embedding);
    }

    public PatchMatcher(int hidden, int embedding) {
        this.encoder = register("encoder", tower(hidden, embedding));
        this.decoder = register("decoder", tower(hidden, embedding));
        this.scale = registerParameter("scale", Init.zeros(1, 1));
    }

    private static Sequential tower(int hidden, int embedding) {
        return new Sequential(new Linear(MomentFeatures.COUNT, hidden), Activation.leakyRelu(0.01), new Linear(hidden, hidden),
                Activation.leakyRelu(0.01), new Linear(hidden, embedding));
    }

    private static Tensor normalise(Tensor a) {
        return a.div(a.square().sum(true, 1).add(1e-12).sqrt());
    }

    /**
     * Trains on aligned pairs: row k of {@code patchFeatures} [pairs x 15] is the patch whose token gave row k of
     * {@code tokenFeatures}. The last {@code min(1000, pairs / 10)} pairs are held out to report how often a pair's
     * similarity beats a random mismatch. A {@link Trainer} step over {@link StepBatches}: the pairs of step i are a
     * function of (seed, i) ({@link Picks}), so a training continued from a checkpoint in {@code checkpoints} (the
     * towers, Adam's moments, the step) ends with the weights of an uninterrupted one, and a finished one is restored
     * without training.
     */
    public Training fit(float[] patchFeatures, float[] tokenFeatures, int steps, int batchSize, double lr, long seed, TrainingCheckpoints checkpoints) {
        return fit(patchFeatures, tokenFeatures, steps, batchSize, lr, seed, checkpoints, Long.MAX_VALUE);
    }

    /** As the public {@code fit}, stopping (with a checkpoint) after {@code stopAfter} steps in all: a kill, for tests. */
    Training fit(float[] patchFeatures, float[] tokenFeatures, int steps, int batchSize, double lr, long seed, TrainingCheckpoints checkpoints,
                 long stopAfter) {
        int pairs = patchFeatures.length / MomentFeatures.COUNT;
        if (tokenFeatures.length != patchFeatures.length) throw new IllegalArgumentException("patch and token features must pair up");
        int heldOut = Math.min(1000, pairs / 10), train = pairs - heldOut;
        if (train < 2) throw new IllegalArgumentException("too few pairs to train on: " + pairs);
        // a function of the training features only, so a resumed training computes the same
        float[][] ps = standardisation(patchFeatures, train), ts = standardisation(tokenFeatures, train);
        patchMean = ps[0];
        patchStd = ps[1];
        tokenMean = ts[0];
        tokenStd = ts[1];
        int b = Math.min(batchSize, train);
        TrainingStep<int[]> step = (idx, ctx) -> {
            ctx.zeroGrad(NAME);
            Tensor a = normalise(encoder.call(Tensor.of(rows(patchFeatures, idx, patchMean, patchStd))));   // [b, e]
            Tensor c = normalise(decoder.call(Tensor.of(rows(tokenFeatures, idx, tokenMean, tokenStd))));   // [b, e]
            Tensor logits = a.matmul(c.transpose(0, 1)).mul(scale.clamp(-2, 4).exp());                     // [b, b]
            int[] labels = new int[b];
            for (int i = 0; i < b; i++) labels[i] = i;
            Tensor loss = Losses.crossEntropy(logits, labels);
            loss.backward();
            ctx.step(NAME);
            double l = loss.item();
            StepResult r = StepResult.of(b).mean("loss", l);
            return ctx.globalStep() == steps - 1 ? r.metric("final_loss", l, 1) : r; // the last step's loss, as reported
        };
        StepBatches<int[]> batches = new StepBatches<>(steps, b, new Picks(seed, b, train)::of);
        TrainerConfig config = checkpoints.applyTo(TrainerConfig.epochs(1).withSeed(seed).withMaxSteps(stopAfter));
        Trainer<int[]> trainer = Trainer.builder(step, config).module(NAME, this).optimizer(NAME, new Adam(trainableParameters(), lr)).build();
        Trainer.Result result = trainer.resume(batches);
        eval();
        EpochRecord last = result.last();
        double accuracy = heldOut == 0 ? Double.NaN : heldOutAccuracy(patchFeatures, tokenFeatures, train, heldOut, seed);
        return new Training(pairs, (int) result.steps(), b, lr, last.metrics().getOrDefault("train_final_loss", Double.NaN), accuracy, last.seconds());
    }

    /**
     * The training pairs of each step: step s takes draws s*b to s*b+b-1 of one generator seeded with the training
     * seed (the sequence this attack has always used). A pure function of the step: asked for another step than the
     * next (a training resumed from a checkpoint), it replays the draws before it - a few million integers at most, far
     * less than one step - so the resumed training sees the pairs an uninterrupted one saw, without storing the
     * generator's state.
     */
    private static final class Picks {
        private final long seed;
        private final int batch, bound;
        private SplittableRandom rng;
        private long next = -1;

        Picks(long seed, int batch, int bound) {
            this.seed = seed;
            this.batch = batch;
            this.bound = bound;
        }

        int[] of(long step) {
            if (step != next) {
                rng = new SplittableRandom(seed);
                for (long i = 0; i < step * batch; i++) rng.nextInt(bound);
            }
            int[] idx = new int[batch];
            for (int i = 0; i < batch; i++) idx[i] = rng.nextInt(bound);
            next = step + 1;
            return idx;
        }
    }

    /** Fraction of held-out pairs whose similarity exceeds that of the same patch with a random other token. */
    private double heldOutAccuracy(float[] p, float[] t, int from, int count, long seed) {
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) idx[i] = from + i;
        float[] a = embedPatches(select(p, idx), count), c = embedTokens(select(t, idx), count);
        int e = a.length / count, wins = 0;
        SplittableRandom rng = new SplittableRandom(seed + 1);
        for (int i = 0; i < count; i++) {
            int j = rng.nextInt(count);
            if (j == i) j = (j + 1) % count;
            if (dot(a, i, c, i, e) > dot(a, i, c, j, e)) wins++;
        }
        return (double) wins / count;
    }

    /** Embeddings [n x e] of n patch feature rows. */
    public float[] embedPatches(float[] features, int n) {
        return embed(encoder, features, n, patchMean, patchStd);
    }

    /** Embeddings [n x e] of n token feature rows. */
    public float[] embedTokens(float[] features, int n) {
        return embed(decoder, features, n, tokenMean, tokenStd);
    }

    private float[] embed(Sequential tower, float[] features, int n, float[] mean, float[] std) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        try (GradMode.Scope off = GradMode.noGrad()) {
            return normalise(tower.call(Tensor.of(rows(features, all, mean, std)))).value().dup('c').data().asFloat();
        }
    }

    private static org.nd4j.linalg.api.ndarray.INDArray rows(float[] f, int[] idx, float[] mean, float[] std) {
        int k = MomentFeatures.COUNT;
        float[] out = new float[idx.length * k];
        for (int i = 0; i < idx.length; i++) for (int j = 0; j < k; j++) out[i * k + j] = (f[idx[i] * k + j] - mean[j]) / std[j];
        return Nd4j.create(out, new long[]{idx.length, k}, 'c');
    }

    private static float[] select(float[] f, int[] idx) {
        int k = MomentFeatures.COUNT;
        float[] out = new float[idx.length * k];
        for (int i = 0; i < idx.length; i++) System.arraycopy(f, idx[i] * k, out, i * k, k);
        return out;
    }

    private static float[][] standardisation(float[] f, int rows) {
        int k = MomentFeatures.COUNT;
        float[] mean = new float[k], std = new float[k];
        for (int j = 0; j < k; j++) {
            double s = 0, s2 = 0;
            for (int i = 0; i < rows; i++) {
                s += f[i * k + j];
                s2 += (double) f[i * k + j] * f[i * k + j];
            }
            double m = s / rows;
            mean[j] = (float) m;
            std[j] = (float) Math.max(Math.sqrt(Math.max(s2 / rows - m * m, 0)), 1e-6);
        }
        return new float[][]{mean, std};
    }

    static double dot(float[] a, int i, float[] b, int j, int e) {
        double s = 0;
        for (int k = 0; k < e; k++) s += a[i * e + k] * b[j * e + k];
        return s;
    }

    private static float[] ones(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
