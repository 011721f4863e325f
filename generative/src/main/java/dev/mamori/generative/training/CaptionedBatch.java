package dev.mamori.generative.training;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A mini-batch of captioned examples: an array per example (images [B, 3, H, W] in [0, 1], or a VAE's cached
 * posterior moments [B, 2C, h, w]) and each example's caption as an index into the caption table its step holds
 * (so duplicate captions are recognisable and the text work is done once per caption, not per step).
 */
public record CaptionedBatch(INDArray inputs, int[] captions) {
    public CaptionedBatch {
        if (inputs.size(0) != captions.length) throw new IllegalArgumentException(inputs.size(0) + " inputs with " + captions.length + " captions");
    }

    public int size() {
        return captions.length;
    }
}
