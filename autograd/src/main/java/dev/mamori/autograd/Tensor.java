package dev.mamori.autograd;

import dev.mamori.autograd.ops.Activations;
import dev.mamori.autograd.ops.Arithmetic;
import dev.mamori.autograd.ops.LinearAlgebra;
import dev.mamori.autograd.ops.Reductions;
import dev.mamori.autograd.ops.Shapes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional array (an ND4J {@link INDArray}) that remembers, while {@link GradMode} is on, which
 * differentiable operation produced it, so that {@link #backward()} or {@link Autograd#grad} can send gradients back
 * to parameters, inputs and intermediate activations. Shapes, layouts and semantics follow PyTorch (NCHW images,
 * Linear weights [out, in], numpy broadcasting), so code ported from PyTorch reads the same.
 *
 * <p>Leaves are tensors made by the user ({@link #of}, {@link #param}); every op result has a {@link GradFn}
 * when some input requires a gradient. Operations never modify their inputs.
 */
public final class Tensor {
    static {
        Backend.ensureConfigured();
    }

    private INDArray value;
    private INDArray grad;
    private boolean requiresGrad;
    private boolean retainGrad;
    private String name;
    GradFn gradFn;

    private Tensor(INDArray value, boolean requiresGrad, GradFn gradFn) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.gradFn = gradFn;
    }

    // ------------------------------------------------------------------ creation

    /** A constant leaf (no gradient) wrapping the given array (not copied). */
    public static Tensor of(INDArray value) {
        return new Tensor(value, false, null);
    }

    /** A leaf whose gradient is wanted: an input to attack, or a free variable. */
    public static Tensor variable(INDArray value) {
        return new Tensor(value, true, null);
    }

    /** A trainable parameter with a name (its PyTorch state_dict name is set by the module that owns it). */
    public static Tensor param(INDArray value) {
        return new Tensor(value, true, null);
    }

    public static Tensor scalar(double v) {
        return of(Nd4j.scalar(DataType.FLOAT, v));
    }

    public static Tensor zeros(long... shape) {
        return of(Nd4j.zeros(DataType.FLOAT, shape));
    }

    public static Tensor ones(long... shape) {
        return of(Nd4j.ones(DataType.FLOAT, shape));
    }

    /**
     * The result of a differentiable operation. It records {@code backward} on the tape only when gradients are on
     * and some input requires a gradient; otherwise the result is a constant.
     */
    public static Tensor result(String op, INDArray value, Backward backward, Tensor... inputs) {
        if (OpProfiler.enabled()) OpProfiler.forwardDone(op);
        if (FlopCounter.enabled()) FlopCounter.record(op, value, inputs);
        if (GradMode.isEnabled()) {
            for (Tensor in : inputs) {
                if (in != null && in.requiresGrad) {
                    return new Tensor(value, true, new GradFn(op, inputs, backward));
                }
            }
        }
        return new Tensor(value, false, null);
    }

    // ------------------------------------------------------------------ state

    /** The array itself (not a copy). */
    public INDArray value() {
        return value;
    }

    /** Replaces the array of a leaf in place of the old one (optimizers, checkpoint loading). */
    public void setValue(INDArray newValue) {
        if (gradFn != null) {
            throw new IllegalStateException("setValue is only for leaf tensors; '" + describe() + "' is the result of " + gradFn.op);
        }
        this.value = newValue;
    }

    /** The accumulated gradient of a leaf (or of a non-leaf on which {@link #retainGrad()} was called); null if none. */
    public INDArray grad() {
        return grad;
    }

    public void setGrad(INDArray g) {
        this.grad = g;
    }

    /** Clears the accumulated gradient. */
    public void zeroGrad() {
        this.grad = null;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Turns gradient tracking on or off for a leaf (freezing a parameter; an input to attack). */
    public Tensor requiresGrad(boolean on) {
        if (gradFn != null && !on) {
            throw new IllegalStateException("cannot stop gradients of an op result in place; use detach()");
        }
        this.requiresGrad = on;
        return this;
    }

    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Keep this intermediate tensor's gradient in {@link #grad()} after backward (activation gradients). */
    public Tensor retainGrad() {
        this.retainGrad = true;
        return this;
    }

    boolean retainsGrad() {
        return retainGrad;
    }

    /** The op that produced this tensor, or null for a leaf. */
    public String op() {
        return gradFn == null ? null : gradFn.op;
    }

    public String name() {
        return name;
    }

    public Tensor name(String n) {
        this.name = n;
        return this;
    }

    /** The same values, cut off from the tape (PyTorch's detach / SameDiff's stopGradient). */
    public Tensor detach() {
        return of(value);
    }

    /** Accumulates {@code g} into this tensor's gradient; the buffer lives outside any memory scope so it survives it. */
    void accumulateGrad(INDArray g) {
        if (grad == null) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                grad = g.dup('c');
            }
        } else {
            grad.addi(g);
        }
    }

    // ------------------------------------------------------------------ shape

    public long[] shape() {
        return value.shape();
    }

    public long size(int dim) {
        return value.size(dim < 0 ? dim + value.rank() : dim);
    }

    public int dim() {
        return value.rank();
    }

    public long numel() {
        return value.length();
    }

    public DataType dataType() {
        return value.dataType();
    }

    /** The single value of a one-element tensor. */
    public double item() {
        if (value.length() != 1) {
            throw new IllegalStateException("item() needs a one-element tensor, got shape " + Arrays.toString(shape()));
        }
        return value.getDouble(0);
    }

    // ------------------------------------------------------------------ gradients

    /** Backpropagates from this scalar into every leaf that requires a gradient (accumulating into {@link #grad()}). */
    public void backward() {
        Autograd.backward(this);
    }

    /** Backpropagates a given upstream gradient (same shape as this tensor). */
    public void backward(INDArray upstream) {
        Autograd.backward(this, upstream);
    }

    // ------------------------------------------------------------------ arithmetic (numpy broadcasting)

    public Tensor add(Tensor o) { return Arithmetic.add(this, o); }
    public Tensor add(double c) { return Arithmetic.add(this, c); }
    public Tensor sub(Tensor o) { return Arithmetic.sub(this, o); }
    public Tensor sub(double c) { return Arithmetic.add(this, -c); }
    public Tensor mul(Tensor o) { return Arithmetic.mul(this, o); }
    public Tensor mul(double c) { return Arithmetic.mul(this, c); }
    public Tensor div(Tensor o) { return Arithmetic.div(this, o); }
    public Tensor div(double c) { return Arithmetic.mul(this, 1.0 / c); }
    public Tensor neg() { return Arithmetic.mul(this, -1.0); }
    public Tensor pow(double p) { return Arithmetic.pow(this, p); }
    public Tensor square() { return Arithmetic.square(this); }
    public Tensor sqrt() { return Arithmetic.sqrt(this); }
    public Tensor exp() { return Arithmetic.exp(this); }
    public Tensor log() { return Arithmetic.log(this); }
    public Tensor abs() { return Arithmetic.abs(this); }
    public Tensor clamp(double min, double max) { return Arithmetic.clamp(this, min, max); }

    // ------------------------------------------------------------------ activations

    public Tensor relu() { return Activations.relu(this); }
    public Tensor sigmoid() { return Activations.sigmoid(this); }
    public Tensor tanh() { return Activations.tanh(this); }
    public Tensor softmax(int dim) { return Activations.softmax(this, dim); }
    public Tensor logSoftmax(int dim) { return Activations.logSoftmax(this, dim); }

    // ------------------------------------------------------------------ reductions

    public Tensor sum() { return Reductions.sumAll(this); }
    public Tensor mean() { return Reductions.meanAll(this); }
    public Tensor sum(boolean keepDim, int... dims) { return Reductions.sum(this, keepDim, dims); }
    public Tensor mean(boolean keepDim, int... dims) { return Reductions.mean(this, keepDim, dims); }

    // ------------------------------------------------------------------ linear algebra and shapes

    public Tensor matmul(Tensor o) { return LinearAlgebra.matmul(this, o); }
    public Tensor reshape(long... shape) { return Shapes.reshape(this, shape); }
    public Tensor permute(int... axes) { return Shapes.permute(this, axes); }
    public Tensor transpose(int a, int b) { return Shapes.transpose(this, a, b); }
    public Tensor flatten(int startDim) { return Shapes.flatten(this, startDim); }
    public Tensor slice(int dim, long start, long end) { return Shapes.slice(this, dim, start, end); }
    public Tensor select(int dim, long index) { return Shapes.select(this, dim, index); }
    public Tensor unsqueeze(int dim) { return Shapes.unsqueeze(this, dim); }
    public Tensor expand(long... shape) { return Shapes.expand(this, shape); }

    public static Tensor cat(List<Tensor> parts, int dim) { return Shapes.concat(parts, dim); }

    // ------------------------------------------------------------------ display

    private String describe() {
        return (name != null ? name : "tensor") + Arrays.toString(shape());
    }

    @Override
    public String toString() {
        return "Tensor(" + describe() + (requiresGrad ? ", requiresGrad" : "") + (gradFn != null ? ", op=" + gradFn.op : "") + ")";
    }
}
