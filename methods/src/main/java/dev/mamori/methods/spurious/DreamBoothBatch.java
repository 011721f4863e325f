package dev.mamori.methods.spurious;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One DreamBooth mini-batch: the instance half (latent posterior moments of reference images, trained with the
 * instance prompt) then the prior half (moments of class images the frozen base model generated, trained with the
 * class prompt), as in Ruiz et al. 2023, eq. 2.
 *
 * @param moments   [2n, 2C, h, w]: rows 0..n-1 instances, rows n..2n-1 prior
 * @param instances n
 * @param rows      which reference (rows < n) or class image (rows >= n) each row is, for tests and logs
 */
public record DreamBoothBatch(INDArray moments, int instances, int[] rows) {
    public DreamBoothBatch {
        if (moments.size(0) != 2L * instances || rows.length != 2 * instances) {
            throw new IllegalArgumentException("a DreamBooth batch holds " + instances + " instance and as many prior rows, got " + moments.size(0));
        }
    }

    public int size() {
        return 2 * instances;
    }
}
