package dev.mamori.methods.attacks;

import dev.mamori.autograd.CustomGradients;
import dev.mamori.autograd.Tensor;
import dev.mamori.models.Classifier;

import java.util.function.UnaryOperator;

/**
 * Backward Pass Differentiable Approximation (Athalye et al. 2018) for a defense "preprocess, then classify" whose
 * preprocessing is not differentiable (quantization, JPEG, an FFX key transform): the forward pass is the real
 * defense; the backward pass treats the preprocessing as the identity ({@link #of}) or as a differentiable surrogate
 * ({@link #withSurrogate}). Any gradient attack run on this classifier is an adaptive BPDA attack.
 */
public final class Bpda extends Classifier {
    private final Classifier model;
    private final UnaryOperator<Tensor> preprocess;
    private final UnaryOperator<Tensor> surrogate;

    private Bpda(Classifier model, UnaryOperator<Tensor> preprocess, UnaryOperator<Tensor> surrogate) {
        super(model.numClasses(), model.inChannels(), model.imageSize());
        this.model = register("model", model);
        this.preprocess = preprocess;
        this.surrogate = surrogate;
    }

    /** model(preprocess(x)) forward, model's gradient at preprocess(x) passed straight through to x backward. */
    public static Bpda of(Classifier model, UnaryOperator<Tensor> preprocess) {
        return new Bpda(model, preprocess, null);
    }

    /** model(preprocess(x)) forward, the gradient of model(surrogate(x)) backward. */
    public static Bpda withSurrogate(Classifier model, UnaryOperator<Tensor> preprocess, UnaryOperator<Tensor> surrogate) {
        return new Bpda(model, preprocess, surrogate);
    }

    /** The classifier behind the preprocessing. */
    public Classifier model() {
        return model;
    }

    @Override
    protected Tensor forward(Tensor images) {
        Tensor preprocessed = surrogate == null
                ? CustomGradients.straightThrough(images, preprocess)
                : CustomGradients.forwardWithSurrogateGradient(images, preprocess, surrogate);
        return model.call(preprocessed);
    }
}
