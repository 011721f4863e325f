package dev.mamori.methods.spurious;

import dev.mamori.nn.Stochastic;
import dev.mamori.nn.train.BatchSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * DreamBooth's batches: every batch is {@code n} instance rows (the references, cycled in a seeded order) and
 * {@code n} prior rows (the class images, likewise), so the prior-preservation loss is weighed on every step. An epoch
 * is {@code batchesPerEpoch} batches; its order is a pure function of (seed, epoch), so a resumed run sees the same
 * batches.
 */
public final class PriorPreservationBatches implements BatchSource<DreamBoothBatch> {
    private final INDArray instanceMoments, priorMoments;
    private final int perHalf, batches;

    /**
     * @param instanceMoments [R, 2C, h, w] posterior moments of the references
     * @param priorMoments    [K, 2C, h, w] posterior moments of the class images
     */
    public PriorPreservationBatches(INDArray instanceMoments, INDArray priorMoments, int perHalf, int batchesPerEpoch) {
        if (instanceMoments.size(0) < 1 || priorMoments.size(0) < 1) throw new IllegalArgumentException("DreamBooth needs references and class images");
        if (perHalf < 1 || batchesPerEpoch < 1) throw new IllegalArgumentException("batch half and batches per epoch must be >= 1");
        if (!java.util.Arrays.equals(java.util.Arrays.copyOfRange(instanceMoments.shape(), 1, 4), java.util.Arrays.copyOfRange(priorMoments.shape(), 1, 4))) {
            throw new IllegalArgumentException("references and class images must have latents of one shape");
        }
        this.instanceMoments = instanceMoments;
        this.priorMoments = priorMoments;
        this.perHalf = perHalf;
        this.batches = batchesPerEpoch;
    }

    @Override
    public Iterator<DreamBoothBatch> epoch(int epoch, long seed) {
        SplittableRandom rng = new SplittableRandom(Stochastic.mix(seed, epoch));
        Cycle instances = new Cycle((int) instanceMoments.size(0), rng.split()), prior = new Cycle((int) priorMoments.size(0), rng.split());
        return new Iterator<>() {
            int made = 0;

            @Override
            public boolean hasNext() {
                return made < batches;
            }

            @Override
            public DreamBoothBatch next() {
                if (!hasNext()) throw new NoSuchElementException();
                made++;
                int[] rows = new int[2 * perHalf];
                int[] inst = new int[perHalf], pri = new int[perHalf];
                for (int i = 0; i < perHalf; i++) {
                    inst[i] = instances.next();
                    pri[i] = prior.next();
                    rows[i] = inst[i];
                    rows[perHalf + i] = pri[i];
                }
                INDArray x = Nd4j.concat(0, pick(instanceMoments, inst), pick(priorMoments, pri));
                return new DreamBoothBatch(x, perHalf, rows);
            }
        };
    }

    private static INDArray pick(INDArray all, int[] rows) {
        long[] shape = all.shape().clone();
        shape[0] = rows.length;
        return Nd4j.pullRows(all.reshape(all.size(0), all.length() / all.size(0)), 1, rows).reshape(shape);
    }

    /** Indices 0..n-1 in seeded shuffled passes, one after another. */
    private static final class Cycle {
        private final int n;
        private final SplittableRandom rng;
        private int[] order;
        private int at;

        Cycle(int n, SplittableRandom rng) {
            this.n = n;
            this.rng = rng;
            reshuffle();
        }

        int next() {
            if (at == n) reshuffle();
            return order[at++];
        }

        private void reshuffle() {
            order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1), t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            at = 0;
        }
    }

    @Override
    public long batchesPerEpoch() {
        return batches;
    }

    @Override
    public long examples() {
        return 2L * perHalf * batches;
    }
}
