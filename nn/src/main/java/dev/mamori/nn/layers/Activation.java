package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Activations;
import dev.mamori.nn.Module;

import java.util.function.UnaryOperator;

/** Parameter-free element-wise activations as modules, with PyTorch's exact definitions. */
public class Activation extends Module {
    private final String name;
    private final UnaryOperator<Tensor> fn;

    private Activation(String name, UnaryOperator<Tensor> fn) {
        this.name = name;
        this.fn = fn;
    }

    /** Exact GELU, 0.5 x (1 + erf(x / sqrt 2)): PyTorch's nn.GELU(). */
    public static Activation gelu() {
        return new Activation("GELU", Activations::geluExact);
    }

    /** PyTorch's nn.GELU(approximate="tanh"). */
    public static Activation geluTanh() {
        return new Activation("GELU(tanh)", Activations::geluTanh);
    }

    public static Activation relu() {
        return new Activation("ReLU", Activations::relu);
    }

    public static Activation leakyRelu(double slope) {
        return new Activation("LeakyReLU(" + slope + ")", x -> Activations.leakyRelu(x, slope));
    }

    public static Activation silu() {
        return new Activation("SiLU", Activations::silu);
    }

    public static Activation sigmoid() {
        return new Activation("Sigmoid", Activations::sigmoid);
    }

    public static Activation tanh() {
        return new Activation("Tanh", Activations::tanh);
    }

    public static Activation softmax(int dim) {
        return new Activation("Softmax(" + dim + ")", x -> Activations.softmax(x, dim));
    }

    public static Activation identity() {
        return new Activation("Identity", x -> x);
    }

    /** A module from any tensor function (e.g. a flatten or a reshape inside a Sequential). */
    public static Activation lambda(String name, UnaryOperator<Tensor> fn) {
        return new Activation(name, fn);
    }

    /** Whether this is {@link #gelu()} (which a following eval-mode batch norm may be fused with). */
    public boolean isExactGelu() {
        return name.equals("GELU");
    }

    @Override
    protected Tensor forward(Tensor x) {
        return fn.apply(x);
    }

    @Override
    public String describe() {
        return name;
    }
}
