package dev.mamori.methods.backdoor.unlearning;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.models.Classifier;
import dev.mamori.nn.ActivationCapture;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Linear;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A linear layer of a classifier whose weights the edit changes, and the activations it reads: its input features,
 * captured with a forward pre-hook (the units a ReLU or a global pooling produced inside the parent's forward). For a
 * model wrapped in {@link dev.mamori.models.Normalized} a path may be given without the wrapper's "model." prefix.
 */
public final class ReadingLayer {
    private final String path;
    private final Linear layer;

    private ReadingLayer(String path, Linear layer) {
        this.path = path;
        this.layer = layer;
    }

    /** The Linear layer at {@code path}; a missing name or another kind of layer is an error listing the Linear layers. */
    public static ReadingLayer of(Module model, String path) {
        Map<String, Module> modules = model.namedModules();
        String resolved = modules.containsKey(path) ? path : modules.containsKey("model." + path) ? "model." + path : null;
        if (resolved == null || path.isEmpty()) {
            throw new IllegalArgumentException("no layer '" + path + "' in the model; its linear layers are " + linearLayers(model));
        }
        Module m = modules.get(resolved);
        if (!(m instanceof Linear lin)) {
            throw new IllegalArgumentException("layer '" + path + "' is a " + m.getClass().getSimpleName() + "; the closed-form edit changes a"
                    + " linear layer: one of " + linearLayers(model));
        }
        return new ReadingLayer(resolved, lin);
    }

    /** The model's last linear layer (in registration order): the classifier head of the models here. */
    public static ReadingLayer last(Module model) {
        List<String> names = linearLayers(model);
        if (names.isEmpty()) throw new IllegalArgumentException("the model has no linear layer to edit");
        return of(model, names.get(names.size() - 1));
    }

    /** Paths of every Linear module of {@code model}. */
    public static List<String> linearLayers(Module model) {
        List<String> out = new ArrayList<>();
        model.namedModules().forEach((p, m) -> {
            if (m instanceof Linear) out.add(p);
        });
        return out;
    }

    public String path() {
        return path;
    }

    public Linear layer() {
        return layer;
    }

    public int inFeatures() {
        return (int) layer.inFeatures;
    }

    public int outFeatures() {
        return (int) layer.outFeatures;
    }

    /** The features the layer reads for {@code images} [N, C, H, W]: [N, inFeatures] in float64, model in eval mode. */
    public double[][] inputs(Classifier model, INDArray images) {
        return capture(model, images).features();
    }

    /** What one pass gives: the layer's input features [N][in] and the model's softmax probabilities [N][K]. */
    public record Capture(double[][] features, double[][] probabilities) {}

    /** The features the layer reads and the model's probabilities for {@code images}, in one pass (eval mode). */
    public Capture capture(Classifier model, INDArray images) {
        boolean wasTraining = model.isTraining();
        model.eval();
        int n = (int) images.size(0);
        double[][] out = new double[n][], probs = new double[n][];
        try (ActivationCapture cap = ActivationCapture.inputsOf(model, path)) {
            for (int start = 0; start < n; start += 256) {
                int m = Math.min(256, n - start);
                INDArray batch = images.get(NDArrayIndex.interval(start, start + m)).dup('c');
                try (MemoryScope ignored = MemoryScope.open("backdoor-features"); GradMode.Scope off = GradMode.noGrad()) {
                    Tensor logits = model.call(Tensor.of(batch));
                    INDArray f = cap.get(path);
                    double[][] rows = f.reshape(m, f.length() / m).castTo(DataType.DOUBLE).toDoubleMatrix();
                    System.arraycopy(rows, 0, out, start, m);
                    double[][] p = logits.softmax(1).value().castTo(DataType.DOUBLE).toDoubleMatrix();
                    System.arraycopy(p, 0, probs, start, m);
                }
            }
        } finally {
            model.setTraining(wasTraining);
        }
        return new Capture(out, probs);
    }

    /** The weight [out, in] as float64 rows (a copy). */
    public double[][] weight() {
        return layer.weight.value().castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    /** The bias [out] (zeros when the layer has none). */
    public double[] bias() {
        return layer.bias == null ? new double[outFeatures()] : layer.bias.value().castTo(DataType.DOUBLE).toDoubleVector();
    }

    /** Replaces the weight (same shape), in the parameter's own dtype. */
    public void setWeight(double[][] w) {
        INDArray v = Nd4j.create(w).castTo(layer.weight.value().dataType());
        if (!java.util.Arrays.equals(v.shape(), layer.weight.value().shape())) {
            throw new IllegalArgumentException("weight of shape " + java.util.Arrays.toString(v.shape()) + " for layer '" + path + "' of shape "
                    + java.util.Arrays.toString(layer.weight.value().shape()));
        }
        layer.weight.value().assign(v);
    }

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
