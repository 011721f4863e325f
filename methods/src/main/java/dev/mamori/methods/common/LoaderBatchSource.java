package dev.mamori.methods.common;

import dev.mamori.data.Batch;
import dev.mamori.data.DataLoader;
import dev.mamori.data.LabeledImage;
import dev.mamori.nn.train.BatchSource;
import dev.mamori.nn.train.TrainBatch;

import java.util.Iterator;

/**
 * Adapts a data-module loader to the trainer's {@link BatchSource}. The loader's own seed fixes the shuffling and
 * augmentation of every epoch (build it with the run's seed), so epoch e is the same on a resumed run.
 */
public final class LoaderBatchSource implements BatchSource<TrainBatch> {
    private final DataLoader<LabeledImage, Batch> loader;

    public LoaderBatchSource(DataLoader<LabeledImage, Batch> loader) {
        this.loader = loader;
    }

    @Override
    public Iterator<TrainBatch> epoch(int epoch, long seed) {
        Iterator<Batch> it = loader.epoch(epoch).iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public TrainBatch next() {
                Batch b = it.next();
                return new TrainBatch(b.images(), b.labels());
            }
        };
    }

    @Override
    public long batchesPerEpoch() {
        return loader.batchesPerEpoch();
    }

    @Override
    public long examples() {
        return loader.dataset().size();
    }

    public DataLoader<LabeledImage, Batch> loader() {
        return loader;
    }
}
