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

    /** Batches per epoch. */
    long batchesPerEpoch();

    /** Examples per epoch. */
    long examples();
}
