package dev.mamori.methods.llmqa.nativemodels;

import dev.mamori.data.Seeds;
import dev.mamori.nn.train.BatchSource;
import dev.mamori.nn.train.TrainBatch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Token sequences and integer targets as the trainer's {@link BatchSource} (the one adapter between this package and
 * {@link dev.mamori.nn.train.Trainer}): epoch e of a run with seed s visits the sequences in an order that is a pure
 * function of (s, e) when shuffling (so a resumed run sees the batches an uninterrupted one would), in storage order
 * otherwise; each batch is padded as the system pads its inputs. Every model here, the language model included, trains
 * as a classifier on these {@link TrainBatch}es: the language model's target is the answer token, one class of its
 * vocabulary, predicted at the prompt's last position, so its loss is a plain cross-entropy over the vocabulary and
 * {@link dev.mamori.nn.train.Trainer#classifier} (with its validation accuracy = the answer token is the arg-max)
 * trains it without a training step of its own.
 */
final class SequenceBatches implements BatchSource<TrainBatch> {
    private final NativeSystem layout;
    private final List<int[]> sequences;
    private final int[] targets;
    private final int batchSize;
    private final boolean shuffle;

    SequenceBatches(NativeSystem layout, List<int[]> sequences, int[] targets, int batchSize, boolean shuffle) {
        if (sequences.size() != targets.length) throw new IllegalArgumentException(sequences.size() + " sequences but " + targets.length + " targets");
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        this.layout = layout;
        this.sequences = sequences;
        this.targets = targets;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
    }

    @Override
    public Iterator<TrainBatch> epoch(int epoch, long seed) {
        int[] order = new int[sequences.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        if (shuffle) order = Seeds.permutation(order.length, new SplittableRandom(Seeds.mix(seed, epoch)));
        int[] visit = order;
        return new Iterator<>() {
            int at = 0;

            @Override
            public boolean hasNext() {
                return at < visit.length;
            }

            @Override
            public TrainBatch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int end = Math.min(visit.length, at + batchSize);
                List<int[]> seqs = new ArrayList<>();
                int[] y = new int[end - at];
                for (int i = at; i < end; i++) {
                    seqs.add(sequences.get(visit[i]));
                    y[i - at] = targets[visit[i]];
                }
                at = end;
                return new TrainBatch(layout.batch(seqs), y);
            }
        };
    }

    @Override
    public long batchesPerEpoch() {
        return (sequences.size() + batchSize - 1) / batchSize;
    }

    @Override
    public long examples() {
        return sequences.size();
    }
}
