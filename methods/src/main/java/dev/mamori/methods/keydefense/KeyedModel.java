package dev.mamori.methods.keydefense;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.methods.crypto.blockwise.TransformChain;
import dev.mamori.models.Classifier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A classifier that takes plain [0, 1] images and applies its secret transform(s) itself: {@link KeyedClassifier}
 * (one key) and {@link MultiKeyClassifier} (N keys, one drawn per query or per batch). It is what gets exported to
 * one file ({@link KeyedModelFile}) and served with {@link #predict}.
 */
public interface KeyedModel {

    /** The model as a module: {@code call(images)} gives logits. */
    Classifier classifier();

    /** The transform of every key slot (one for a KeyedClassifier, N for a multi-key model). */
    List<TransformChain> keySlots();

    /** The architecture the exported weights are loaded into (see {@link KeyedModelFile}). */
    ModelSpec architecture();

    /** The tensors to export, by name (see {@link KeyedModelFile} for the names). */
    Map<String, INDArray> exportedState();

    /** Writes this model to one safetensors file (weights and a description; never the key). */
    default void save(Path file) throws IOException {
        KeyedModelFile.save(this, file);
    }

    /**
     * Classifies plain images in [0, 1]: one image [C, H, W] or a batch [N, C, H, W] (any floating type). Runs in eval
     * mode without a tape and restores the model's mode afterwards.
     */
    default Prediction predict(INDArray images) {
        Classifier m = classifier();
        long[] s = images.shape();
        if (s.length != 3 && s.length != 4) {
            throw new IllegalArgumentException("expected an image [C, H, W] or a batch [N, C, H, W]; got shape " + Arrays.toString(s));
        }
        INDArray batch = s.length == 3 ? images.reshape(1, s[0], s[1], s[2]) : images;
        long[] b = batch.shape();
        if (b[1] != m.inChannels() || b[2] != m.imageSize() || b[3] != m.imageSize()) {
            throw new IllegalArgumentException("the model takes images of " + m.inChannels() + " x " + m.imageSize() + " x " + m.imageSize()
                    + " (C x H x W); got shape " + Arrays.toString(s));
        }
        if (!batch.dataType().isFPType()) throw new IllegalArgumentException("images must be floating point in [0, 1]; got " + batch.dataType());
        batch = batch.castTo(DataType.FLOAT);
        double min = batch.minNumber().doubleValue(), max = batch.maxNumber().doubleValue();
        if (min < 0 || max > 1) throw new IllegalArgumentException("images must be in [0, 1]; got values from " + min + " to " + max);
        boolean wasTraining = m.isTraining();
        m.eval();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            INDArray probs = m.call(Tensor.of(batch)).softmax(1).value();
            int[] classes = probs.argMax(1).toIntVector();
            float[][] p = probs.toFloatMatrix();
            return new Prediction(classes, p);
        } finally {
            m.setTraining(wasTraining);
        }
    }
}
