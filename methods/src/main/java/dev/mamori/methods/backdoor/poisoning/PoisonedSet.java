package dev.mamori.methods.backdoor.poisoning;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A poisoned training set.
 *
 * @param images         [N, C, H, W]: the clean images with the trigger stamped on the poisoned ones (and the noise
 *                       mode on the noise ones)
 * @param labels         the training labels (targets on the poisoned ones unless clean-label)
 * @param originalLabels the true labels
 * @param poisoned       indices carrying the trigger, ascending
 * @param noise          indices carrying the trigger's noise mode with their true labels, ascending
 */
public record PoisonedSet(INDArray images, int[] labels, int[] originalLabels, int[] poisoned, int[] noise) {

    public int size() {
        return labels.length;
    }
}
