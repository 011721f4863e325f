package dev.mamori.methods.attacks;

/**
 * Picks, for each image of a chunk, the two logits whose difference an attack differentiates (FAB's linearized
 * boundary between class {@code from} and class {@code to}), after seeing the logits of the chunk.
 */
@FunctionalInterface
public interface LogitPairChooser {

    /**
     * @param logits row-major [count, classes], the logits of images first .. first + count - 1 of the request
     * @param first  the index in the request of the chunk's first image
     * @param from   out: from[first + k], the class whose logit is subtracted, for k in [0, count)
     * @param to     out: to[first + k], the class whose logit is kept
     */
    void choose(float[] logits, int first, int count, int[] from, int[] to);
}
