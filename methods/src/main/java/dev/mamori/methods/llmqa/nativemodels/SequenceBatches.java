package dev.mamori.methods.llmqa.nativemodels;

import dev.mamori.nn.train.BatchSource;
import dev.mamori.nn.train.TrainBatch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Token sequences and integer targets as the trainer's {@link BatchSource} (the one adapter between this package and
 * {@link dev.mamori.nn.train.Trainer}): shuffled per (seed, epoch), padded per batch as the system pads its inputs.
 */
final class SequenceBatches implements BatchSource<TrainBatch> {
    private final NativeSystem layout;
    private final List<int[]> sequences;
    private final int[] targets;
    private final int batchSize;
    private final boolean shuffle;

    SequenceBatches(NativeSystem layout, List<int[]> sequences, int[] targets, int batchSize, boolean shuffle) {
        this.layout = layout;
        this.sequences = sequences;
        this.targets = targets;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
    }

    @Override
    public Iterator<TrainBatch> epoch(int epoch, long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < sequences.size(); i++) order.add(i);
        if (shuffle) java.util.Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
        return new Iterator<>() {
            int at = 0;

            @Override
            public boolean hasNext() {
                return at < order.size();
            }

            @Override
            public TrainBatch next() {
                int end = Math.min(order.size(), at + batchSize);
                List<int[]> seqs = new ArrayList<>();
                int[] y = new int[end - at];
                for (int i = at; i < end; i++) {
                    seqs.add(sequences.get(order.get(i)));
                    y[i - at] = targets[order.get(i)];
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
