package dev.mamori.methods.attacks;

import dev.mamori.autograd.Tensor;
import dev.mamori.models.Classifier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.function.UnaryOperator;

/** A defended model "preprocess, then classify", to exercise the sanity checks and adaptive attacks. */
final class FrontEnd extends Classifier {
    private final Classifier model;
    private final UnaryOperator<Tensor> preprocess;
    private final boolean softmaxOutput;

    private FrontEnd(Classifier model, UnaryOperator<Tensor> preprocess, boolean softmaxOutput) {
        super(model.numClasses(), model.inChannels(), model.imageSize());
        this.model = register("model", model);
        this.preprocess = preprocess;
        this.softmaxOutput = softmaxOutput;
    }

    /** Rounding to 8 bits, computed off the tape: the gradient through it is zero. */
    static UnaryOperator<Tensor> quantize8Bit() {
        return x -> Tensor.of(Transforms.round(x.value().mul(255), true).divi(255));
    }

    /** Binarization (sign of x - 0.5, as 0/1), off the tape. */
    static UnaryOperator<Tensor> binarize() {
        return x -> Tensor.of(x.value().gt(0.5).castTo(DataType.FLOAT));
    }

    /** Gaussian noise (std 0.1) drawn afresh on every call: a randomized defense, differentiable. */
    static UnaryOperator<Tensor> noise(long seed) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        return x -> {
            float[] n = new float[(int) x.numel()];
            synchronized (rng) {
                for (int i = 0; i < n.length; i++) n[i] = (float) (0.1 * rng.nextGaussian());
            }
            INDArray noise = Nd4j.create(n, x.shape(), 'c');
            return x.add(Tensor.of(noise));
        };
    }

    static FrontEnd of(Classifier model, UnaryOperator<Tensor> preprocess) {
        return new FrontEnd(model, preprocess, false);
    }

    /** The model with a softmax on its output (probabilities instead of logits). */
    static FrontEnd softmax(Classifier model) {
        return new FrontEnd(model, x -> x, true);
    }

    @Override
    protected Tensor forward(Tensor images) {
        Tensor out = model.call(preprocess.apply(images));
        return softmaxOutput ? out.softmax(1) : out;
    }
}
