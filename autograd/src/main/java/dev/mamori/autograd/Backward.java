package dev.mamori.autograd;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The backward rule of one differentiable operation: given the gradient of the loss with respect to the operation's
 * output, return the gradient with respect to each input (same order as the inputs; null where an input needs none).
 * {@code needs[i]} says whether input i wants a gradient, so a rule can skip work nobody asked for (for example the
 * weight gradient of a convolution during an attack's input-gradient pass).
 */
@FunctionalInterface
public interface Backward {
    INDArray[] apply(INDArray gradOutput, boolean[] needs);
}
