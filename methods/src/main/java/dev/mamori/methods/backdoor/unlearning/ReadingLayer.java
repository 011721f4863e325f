package dev.mamori.methods.backdoor.unlearning;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.models.Classifier;
import dev.mamori.nn.ActivationCapture;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.Linear;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A layer whose weights the edit changes, seen as a linear map y = W x + b on rows of activations it reads: a linear
 * layer ({@link LinearReadingLayer}: one row per image, one unit per input feature) or a convolution
 * ({@link ConvReadingLayer}: one row per image and output position - the unfolded receptive field - and one unit per
 * input channel, which owns the kernel's taps on that channel). For a model wrapped in
 * {@link dev.mamori.models.Normalized} a path may be given without the wrapper's "model." prefix.
 */
public abstract class ReadingLayer {
    private final String path;

    ReadingLayer(String path) {
        this.path = path;
    }

    /** The layer at {@code path}: a Linear or a Conv2d; a missing name or another kind is an error listing what can be edited. */
    public static ReadingLayer of(Module model, String path) {
        Map<String, Module> modules = model.namedModules();
        String resolved = !path.isEmpty() && modules.containsKey(path) ? path : !path.isEmpty() && modules.containsKey("model." + path) ? "model." + path : null;
        if (resolved == null) {
            throw new IllegalArgumentException("no layer '" + path + "' in the model; the layers it can edit are " + editable(model));
        }
        Module m = modules.get(resolved);
        if (m instanceof Linear lin) return new LinearReadingLayer(resolved, lin);
        if (m instanceof Conv2d conv) return new ConvReadingLayer(resolved, conv);
        throw new IllegalArgumentException("layer '" + path + "' is a " + m.getClass().getSimpleName() + "; the closed-form edit changes a"
                + " linear or convolutional layer: one of " + editable(model));
    }

    /** The model's last linear layer (in registration order): the classifier head of the models here. */
    public static ReadingLayer last(Module model) {
        List<String> names = new ArrayList<>();
        model.namedModules().forEach((p, m) -> {
            if (m instanceof Linear) names.add(p);
        });
        if (names.isEmpty()) throw new IllegalArgumentException("the model has no linear layer to edit");
        return of(model, names.get(names.size() - 1));
    }

    /** Paths of every Linear and Conv2d module of {@code model}. */
    public static List<String> editable(Module model) {
        List<String> out = new ArrayList<>();
        model.namedModules().forEach((p, m) -> {
            if (m instanceof Linear || m instanceof Conv2d) out.add(p);
        });
        return out;
    }

    public String path() {
        return path;
    }

    public abstract Module layer();

    /** Columns of the weight matrix (the length of an activation row). */
    public abstract int inFeatures();

    public abstract int outFeatures();

    /** Units the ranking and the edit work on (input features, or input channels). */
    public abstract int units();

    /** The weight columns a unit owns. */
    public abstract int[] columnsOf(int unit);

    /** What one pass gives: activation rows [N * rowsPerImage][in] and the model's softmax probabilities [N][K]. */
    public record Capture(double[][] features, double[][] probabilities, int rowsPerImage) {}

    /** The activation rows the layer reads and the model's probabilities for {@code images}, in one pass (eval mode). */
    public abstract Capture capture(Classifier model, INDArray images);

    /**
     * What {@link #captureContinuing} gives: the capture of the images, and the model's probabilities for the extra
     * outputs of this layer [M][K].
     */
    public record ContinuedCapture(Capture capture, double[][] extraProbabilities) {}

    /** Whether the layer reads one activation row per image (then {@link #captureContinuing} is available). */
    public boolean oneRowPerImage() {
        return false;
    }

    /**
     * As {@link #capture}, and in the same pass the layers above this one also run on further outputs of it:
     * {@code extraOutputs} gets every activation row the layer read [N][in] (all images seen) and returns outputs of
     * the layer [M][out] (e.g. those of edited weights), which go on through the rest of the network beside the real
     * ones, so that the layers below never run again for them. Only for layers that read one row per image
     * ({@link #oneRowPerImage}); the rest of the network must treat rows independently (eval mode).
     */
    public ContinuedCapture captureContinuing(Classifier model, INDArray images, Function<double[][], double[][]> extraOutputs) {
        throw new UnsupportedOperationException("layer '" + path + "' reads several rows per image; capture it and run the model again");
    }

    /** The activation rows only. */
    public double[][] inputs(Classifier model, INDArray images) {
        return capture(model, images).features();
    }

    /** The weight as [out][in] float64 rows (a copy). */
    public abstract double[][] weight();

    /** The bias [out] (zeros when the layer has none). */
    public abstract double[] bias();

    /** Replaces the weight ([out][in], in the parameter's own dtype and layout). */
    public abstract void setWeight(double[][] w);

    /**
     * Whether this layer's output is the model's output (the head), checked on {@code probe} images: then predictions
     * after an edit follow from the features alone, without running the network again.
     */
    public boolean isHead(Classifier model, INDArray probe) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try (ActivationCapture cap = ActivationCapture.of(model, path); MemoryScope ignored = MemoryScope.open("backdoor-features");
             GradMode.Scope off = GradMode.noGrad()) {
            INDArray out = model.call(Tensor.of(probe)).value();
            INDArray layerOut = cap.get(path);
            return java.util.Arrays.equals(out.shape(), layerOut.shape()) && out.equalsWithEps(layerOut, 0);
        } finally {
            model.setTraining(wasTraining);
        }
    }
}
