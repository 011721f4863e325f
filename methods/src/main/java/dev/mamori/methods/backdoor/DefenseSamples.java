package dev.mamori.methods.backdoor;

import dev.mamori.models.Classifier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * What the defender holds besides the model: a handful of clean, labelled images of the model's domain that the model
 * was not trained on ("domain-equivalent unseen data", Hsieh et al. 2024). Every defense here, ours and the
 * baselines, gets the same samples.
 *
 * @param images     [n, C, H, W] float32 in [0, 1]
 * @param labels     their true classes
 * @param numClasses the model's number of classes
 */
public record DefenseSamples(INDArray images, int[] labels, int numClasses) {
    /** Fewer samples than this cannot be split for the hyperparameter choice and the collapse check. */
    public static final int MINIMUM = 4;

    public DefenseSamples {
        if (images.rank() != 4) {
            throw new IllegalArgumentException("defense samples must be images [n, C, H, W]; got shape " + Arrays.toString(images.shape()));
        }
        if (images.size(0) != labels.length) throw new IllegalArgumentException(images.size(0) + " defense images but " + labels.length + " labels");
        if (labels.length < MINIMUM) {
            throw new IllegalArgumentException("too few defense samples: " + labels.length + "; at least " + MINIMUM + " clean samples are needed");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("defense sample " + i + " has label " + labels[i] + "; the model has " + numClasses + " classes");
            }
        }
        images = images.castTo(DataType.FLOAT).dup('c');
        labels = labels.clone();
    }

    public int size() {
        return labels.length;
    }

    /**
     * Checks that the samples come from the model's domain as far as shapes tell: the channels and size the model takes
     * and the model's classes. The error says what differs (a grey image for a colour model, a 32x32 image for a 28x28
     * one).
     */
    public DefenseSamples checkFor(Classifier model) {
        long[] s = images.shape();
        if (s[1] != model.inChannels() || s[2] != model.imageSize() || s[3] != model.imageSize()) {
            throw new IllegalArgumentException("defense samples are " + s[1] + "x" + s[2] + "x" + s[3] + " images but the model takes "
                    + model.inChannels() + "x" + model.imageSize() + "x" + model.imageSize() + " (" + (s[1] != model.inChannels()
                    ? s[1] + " channels instead of " + model.inChannels() : "another image size") + "): samples from another domain");
        }
        if (numClasses != model.numClasses()) {
            throw new IllegalArgumentException("defense samples are labelled for " + numClasses + " classes; the model has " + model.numClasses());
        }
        return this;
    }

    /** The samples at {@code indices}. */
    public DefenseSamples subset(int[] indices) {
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) l[i] = labels[indices[i]];
        return new DefenseSamples(dev.mamori.methods.backdoor.poisoning.Poisoning.rows(images, indices), l, numClasses);
    }

    /** How many samples of each class. */
    public int[] classCounts() {
        int[] c = new int[numClasses];
        for (int l : labels) c[l]++;
        return c;
    }
}
