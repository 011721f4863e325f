package dev.mamori.models;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a model expects of its input, as timm's {@code default_cfg}: the per-example input size ({@code input_size}:
 * C, H, W for images; the sequence length for text), whether only that size works ({@code fixed_input_size}: a ViT's
 * position embedding fixes it; a convolutional network with global pooling takes other sizes its strides divide), and
 * the normalization of the weights' training data where it is a property of the model (ImageNet weights). For models
 * trained here on a dataset of our choice the normalization is the dataset's, not the model's: empty.
 */
public record Preprocessing(int[] inputSize, boolean fixedInputSize, Normalization normalization) {

    public Preprocessing {
        if (inputSize.length == 0) throw new IllegalArgumentException("input size needs at least one dimension");
        for (int d : inputSize) if (d < 1) throw new IllegalArgumentException("input size must be positive, got " + Arrays.toString(inputSize));
        inputSize = inputSize.clone();
        if (normalization != null && (inputSize.length != 3 || normalization.channels() != inputSize[0])) {
            throw new IllegalArgumentException("normalization for " + normalization.channels() + " channels does not fit input size "
                    + Arrays.toString(inputSize));
        }
    }

    /** Square images of {@code channels} x {@code size} x {@code size}, no model-given normalization. */
    public static Preprocessing image(int channels, int size, boolean fixedInputSize) {
        return new Preprocessing(new int[]{channels, size, size}, fixedInputSize, null);
    }

    /** The same with the weights' normalization; dropped when it does not fit the channel count. */
    public Preprocessing withNormalization(Normalization n) {
        if (n != null && (inputSize.length != 3 || n.channels() != inputSize[0])) n = null;
        return new Preprocessing(inputSize, fixedInputSize, n);
    }

    @Override
    public int[] inputSize() {
        return inputSize.clone();
    }

    /** Whether the input is an image (C, H, W). */
    public boolean isImage() {
        return inputSize.length == 3;
    }

    public int channels() {
        requireImage();
        return inputSize[0];
    }

    public int height() {
        requireImage();
        return inputSize[1];
    }

    public int width() {
        requireImage();
        return inputSize[2];
    }

    /** The normalization the weights expect, when it belongs to the model. */
    public Optional<Normalization> normalizationIfAny() {
        return Optional.ofNullable(normalization);
    }

    private void requireImage() {
        if (!isImage()) throw new IllegalStateException("input size " + Arrays.toString(inputSize) + " is not an image (C, H, W)");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessing p && Arrays.equals(inputSize, p.inputSize) && fixedInputSize == p.fixedInputSize
                && java.util.Objects.equals(normalization, p.normalization);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(inputSize) * 31 + Boolean.hashCode(fixedInputSize);
    }

    @Override
    public String toString() {
        return "input " + Arrays.toString(inputSize) + (fixedInputSize ? " (fixed)" : "") + (normalization == null ? "" : ", " + normalization);
    }
}
