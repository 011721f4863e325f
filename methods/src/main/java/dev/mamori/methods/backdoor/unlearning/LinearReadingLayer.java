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

import java.util.Arrays;
import java.util.function.Function;

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
        return captureContinuing(model, images, null).capture();
    }

    @Override
    public boolean oneRowPerImage() {
        return true;
    }

    /**
     * Batches of 256 images; the rows read are converted at the layer (a forward hook after the input capture), and
     * on the last batch, when every row is known, {@code extraOutputs}' rows are appended to the layer's output.
     */
    @Override
    public ContinuedCapture captureContinuing(Classifier model, INDArray images, Function<double[][], double[][]> extraOutputs) {
        String path = path();
        boolean wasTraining = model.isTraining();
        model.eval();
        int n = (int) images.size(0);
        double[][] out = new double[n][], probs = new double[n][];
        double[][][] extraProbs = {new double[0][]};
        int[] batchStart = {0};
        try (ActivationCapture cap = ActivationCapture.inputsOf(model, path);
             ActivationCapture more = ActivationCapture.replacing(model, path, y -> {
                 INDArray f = cap.get(path);
                 int m = (int) f.size(0), start = batchStart[0];
                 double[][] rows = f.reshape(m, f.length() / m).castTo(DataType.DOUBLE).toDoubleMatrix();
                 System.arraycopy(rows, 0, out, start, m);
                 if (extraOutputs == null || start + m < n) return y;
                 double[][] extra = MemoryScope.outside(() -> extraOutputs.apply(out));
                 if (extra.length == 0) return y;
                 return Tensor.of(Nd4j.concat(0, y.value(), Nd4j.create(extra).castTo(y.value().dataType())));
             })) {
            for (int start = 0; start < n; start += 256) {
                int m = Math.min(256, n - start);
                batchStart[0] = start;
                INDArray batch = images.get(NDArrayIndex.interval(start, start + m)).dup('c');
                try (MemoryScope ignored = MemoryScope.open("backdoor-features"); GradMode.Scope off = GradMode.noGrad()) {
                    double[][] p = model.call(Tensor.of(batch)).softmax(1).value().castTo(DataType.DOUBLE).toDoubleMatrix();
                    System.arraycopy(p, 0, probs, start, m);
                    if (p.length > m) extraProbs[0] = Arrays.copyOfRange(p, m, p.length);
                }
            }
        } finally {
            model.setTraining(wasTraining);
        }
        return new ContinuedCapture(new Capture(out, probs, 1), extraProbs[0]);
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
