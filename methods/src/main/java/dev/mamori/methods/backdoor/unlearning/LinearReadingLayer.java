package dev.mamori.methods.backdoor.unlearning;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.models.Classifier;
import dev.mamori.nn.ActivationCapture;
import dev.mamori.nn.layers.Linear;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** A linear layer as a {@link ReadingLayer}: one activation row per image, one unit per input feature. */
final class LinearReadingLayer extends ReadingLayer {
    private final Linear layer;

    LinearReadingLayer(String path, Linear layer) {
        super(path);
        this.layer = layer;
    }

    @Override
    public Linear layer() {
        return layer;
    }

    @Override
    public int inFeatures() {
        return (int) layer.inFeatures;
    }

    @Override
    public int outFeatures() {
        return (int) layer.outFeatures;
    }

    @Override
    public int units() {
        return inFeatures();
    }

    @Override
    public int[] columnsOf(int unit) {
        return new int[]{unit};
    }

    @Override
    public Capture capture(Classifier model, INDArray images) {
        String path = path();
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
        return new Capture(out, probs, 1);
    }

    @Override
    public double[][] weight() {
        return layer.weight.value().castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    @Override
    public double[] bias() {
        return layer.bias == null ? new double[outFeatures()] : layer.bias.value().castTo(DataType.DOUBLE).toDoubleVector();
    }

    @Override
    public void setWeight(double[][] w) {
        INDArray v = Nd4j.create(w).castTo(layer.weight.value().dataType());
        if (!java.util.Arrays.equals(v.shape(), layer.weight.value().shape())) {
            throw new IllegalArgumentException("weight of shape " + java.util.Arrays.toString(v.shape()) + " for layer '" + path() + "' of shape "
                    + java.util.Arrays.toString(layer.weight.value().shape()));
        }
        layer.weight.value().assign(v);
    }
}
