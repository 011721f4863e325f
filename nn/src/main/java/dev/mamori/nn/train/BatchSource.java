package dev.mamori.nn.train;

import java.util.Iterator;

/**
 * Mini-batches for one epoch, in an order that is a pure function of (seed, epoch): the trainer can resume in the
 * middle of a run and see exactly the batches an uninterrupted run would have seen. The batch type is the training
 * step's: {@link TrainBatch} (images and labels) for a classifier; images and token ids for a text-conditioned
 * diffusion model; images and boxes for a detector. The data module's loaders adapt to this.
 *
 * @param <B> one mini-batch
 */
public interface BatchSource<B> {
    /** The batches of {@code epoch} (0-based) for a run with this seed. */
    Iterator<B> epoch(int epoch, long seed);

    /**
     * The batches of {@code epoch} from batch {@code first} on: what a run resumed mid-epoch trains on. By default the
     * first batches are made and dropped; a source that can start anywhere (one whose batch is a function of its index,
     * {@link StepBatches}) overrides it so that a resumed run does not make the batches it skips.
     */
    default Iterator<B> epoch(int epoch, long seed, int first) {
        Iterator<B> it = epoch(epoch, seed);
        for (int i = 0; i < first && it.hasNext(); i++) it.next();
        return it;
    }

    /** Batches per epoch. */
    long batchesPerEpoch();

    /** Examples per epoch. */
    long examples();
}
