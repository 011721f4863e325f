package dev.mamori.methods.backdoor.unlearning;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.models.Classifier;
import dev.mamori.nn.ActivationCapture;
import dev.mamori.nn.layers.Conv2d;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * A convolution as a {@link ReadingLayer}: y[o, p] = sum_{c, ky, kx} W[o, c, ky, kx] x[c, p + (ky, kx)] + b[o] is a linear
 * map of the unfolded receptive field at each output position p, so every (image, position) is one activation row of
 * C * kh * kw values in (c, ky, kx) order - the order of the weight's [O, C, kh, kw] layout flattened - and input
 * channel c owns the kh * kw columns of its taps. Ungrouped, undilated convolutions with explicit padding only (the
 * ResNets' and the small CNN's).
 */
final class ConvReadingLayer extends ReadingLayer {
    private final Conv2d conv;
    private final int kh, kw, sy, sx, py, px;

    ConvReadingLayer(String path, Conv2d conv) {
        super(path);
        if (conv.groups != 1 || conv.dilation[0] != 1 || conv.dilation[1] != 1) {
            throw new IllegalArgumentException("layer '" + path + "': the closed-form edit takes ungrouped, undilated convolutions");
        }
        this.conv = conv;
        this.kh = conv.kernel[0];
        this.kw = conv.kernel[1];
        this.sy = conv.stride[0];
        this.sx = conv.stride[1];
        this.py = conv.padding[0];
        this.px = conv.padding[1];
    }

    @Override
    public Conv2d layer() {
        return conv;
    }

    @Override
    public int inFeatures() {
        return conv.inChannels * kh * kw;
    }

    @Override
    public int outFeatures() {
        return conv.outChannels;
    }

    @Override
    public int units() {
        return conv.inChannels;
    }

    @Override
    public int[] columnsOf(int unit) {
        int[] cols = new int[kh * kw];
        for (int i = 0; i < cols.length; i++) cols[i] = unit * kh * kw + i;
        return cols;
    }

    @Override
    public Capture capture(Classifier model, INDArray images) {
        String path = path();
        boolean wasTraining = model.isTraining();
        model.eval();
        int n = (int) images.size(0);
        double[][] probs = new double[n][];
        double[][] rows = null;
        int perImage = -1;
        try (ActivationCapture in = ActivationCapture.inputsOf(model, path); ActivationCapture out = ActivationCapture.of(model, path)) {
            for (int start = 0; start < n; start += 256) {
                int m = Math.min(256, n - start);
                INDArray batch = images.get(NDArrayIndex.interval(start, start + m)).dup('c');
                try (MemoryScope ignored = MemoryScope.open("backdoor-features"); GradMode.Scope off = GradMode.noGrad()) {
                    Tensor logits = model.call(Tensor.of(batch));
                    INDArray x = in.get(path);
                    long[] ys = out.get(path).shape();
                    int c = (int) x.size(1), h = (int) x.size(2), w = (int) x.size(3);
                    int oh = (h + 2 * py - kh) / sy + 1, ow = (w + 2 * px - kw) / sx + 1;
                    if (ys[2] != oh || ys[3] != ow) {
                        throw new IllegalArgumentException("layer '" + path + "': output " + ys[2] + "x" + ys[3] + " is not what explicit padding gives ("
                                + oh + "x" + ow + "); 'same' padding is not supported by the closed-form edit");
                    }
                    if (rows == null) {
                        perImage = oh * ow;
                        rows = new double[n * perImage][];
                    }
                    float[] v = x.castTo(DataType.FLOAT).dup('c').data().asFloat();
                    for (int i = 0; i < m; i++) unfold(v, i, c, h, w, oh, ow, rows, (start + i) * perImage);
                    double[][] p = logits.softmax(1).value().castTo(DataType.DOUBLE).toDoubleMatrix();
                    System.arraycopy(p, 0, probs, start, m);
                }
            }
        } finally {
            model.setTraining(wasTraining);
        }
        return new Capture(rows, probs, perImage);
    }

    /** The receptive fields of image {@code i} as rows (c, ky, kx), zero where they cross the padding. */
    private void unfold(float[] v, int i, int c, int h, int w, int oh, int ow, double[][] rows, int first) {
        int plane = h * w, image = c * plane;
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                double[] row = new double[c * kh * kw];
                int col = 0;
                for (int ch = 0; ch < c; ch++) {
                    for (int ky = 0; ky < kh; ky++) {
                        int y = oy * sy - py + ky;
                        for (int kx = 0; kx < kw; kx++, col++) {
                            int xx = ox * sx - px + kx;
                            if (y >= 0 && y < h && xx >= 0 && xx < w) row[col] = v[i * image + ch * plane + y * w + xx];
                        }
                    }
                }
                rows[first + oy * ow + ox] = row;
            }
        }
    }

    @Override
    public double[][] weight() {
        INDArray wv = conv.weight.value();
        return wv.reshape(wv.size(0), wv.length() / wv.size(0)).castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    @Override
    public double[] bias() {
        return conv.bias == null ? new double[outFeatures()] : conv.bias.value().castTo(DataType.DOUBLE).toDoubleVector();
    }

    @Override
    public void setWeight(double[][] w) {
        INDArray current = conv.weight.value();
        INDArray v = Nd4j.create(w).castTo(current.dataType());
        if (v.size(0) != current.size(0) || v.size(1) != current.length() / current.size(0)) {
            throw new IllegalArgumentException("weight of shape " + Arrays.toString(v.shape()) + " for convolution '" + path() + "' of shape "
                    + Arrays.toString(current.shape()));
        }
        current.assign(v.reshape(current.shape()));
    }
}
