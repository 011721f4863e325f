package dev.mamori.methods.keydefense;

/**
 * What a keyed model predicts for a batch: the class index of every image and the softmax probabilities
 * ([N][numClasses]).
 */
public record Prediction(int[] classes, float[][] probabilities) {

    public int size() {
        return classes.length;
    }

    /** The predicted class of image {@code i}. */
    public int label(int i) {
        return classes[i];
    }

    /** The probability of the predicted class of image {@code i}. */
    public float confidence(int i) {
        return probabilities[i][classes[i]];
    }
}
