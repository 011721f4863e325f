package dev.mamori.autograd.ops;

import dev.mamori.autograd.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import static dev.mamori.autograd.ops.Broadcasting.reduceTo;

/** Element-wise arithmetic with numpy broadcasting, and its gradients. */
public final class Arithmetic {
    private Arithmetic() {}

    public static Tensor add(Tensor a, Tensor b) {
        Broadcasting.shape(a.shape(), b.shape());
        INDArray out = Broadcasting.sameRank(a.value(), b.dim()).add(Broadcasting.sameRank(b.value(), a.dim()));
        long[] sa = a.shape(), sb = b.shape();
        return Tensor.result("add", out, (g, needs) -> new INDArray[]{
                needs[0] ? reduceTo(g, sa) : null,
                needs[1] ? reduceTo(g, sb) : null}, a, b);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        Broadcasting.shape(a.shape(), b.shape());
        INDArray out = Broadcasting.sameRank(a.value(), b.dim()).sub(Broadcasting.sameRank(b.value(), a.dim()));
        long[] sa = a.shape(), sb = b.shape();
        return Tensor.result("sub", out, (g, needs) -> new INDArray[]{
                needs[0] ? reduceTo(g, sa) : null,
                needs[1] ? reduceTo(g, sb).neg() : null}, a, b);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        Broadcasting.shape(a.shape(), b.shape());
        INDArray av = a.value(), bv = b.value();
        INDArray out = Broadcasting.sameRank(av, bv.rank()).mul(Broadcasting.sameRank(bv, av.rank()));
        return Tensor.result("mul", out, (g, needs) -> new INDArray[]{
                needs[0] ? reduceTo(g.mul(bv), av.shape()) : null,
                needs[1] ? reduceTo(g.mul(av), bv.shape()) : null}, a, b);
    }

    public static Tensor div(Tensor a, Tensor b) {
        Broadcasting.shape(a.shape(), b.shape());
        INDArray av = a.value(), bv = b.value();
        INDArray out = Broadcasting.sameRank(av, bv.rank()).div(Broadcasting.sameRank(bv, av.rank()));
        return Tensor.result("div", out, (g, needs) -> {
            INDArray gOverB = g.div(bv);
            return new INDArray[]{
                    needs[0] ? reduceTo(gOverB, av.shape()) : null,
                    // not in place: when a has the output's shape, reduceTo returned gOverB itself as a's gradient
                    needs[1] ? reduceTo(gOverB.mul(out).negi(), bv.shape()) : null};
        }, a, b);
    }

    public static Tensor add(Tensor a, double c) {
        INDArray out = Double.isNaN(c) ? nanLike(a.value()) : a.value().add(c);
        return Tensor.result("add_scalar", out, (g, needs) -> new INDArray[]{g}, a);
    }

    public static Tensor mul(Tensor a, double c) {
        INDArray out = Double.isNaN(c) ? nanLike(a.value()) : a.value().mul(c);
        return Tensor.result("mul_scalar", out, (g, needs) -> new INDArray[]{Double.isNaN(c) ? nanLike(g) : g.mul(c)}, a);
    }

    /** c - a. */
    public static Tensor rsub(double c, Tensor a) {
        INDArray out = Double.isNaN(c) ? nanLike(a.value()) : a.value().rsub(c);
        return Tensor.result("rsub_scalar", out, (g, needs) -> new INDArray[]{g.neg()}, a);
    }

    /**
     * NaN in the shape and type of x. ND4J's scalar operations silently replace a NaN operand by 1e-5
     * (Nd4j.EPS_THRESHOLD): x.mul(NaN) would be x * 1e-5 and x.add(NaN) x + 1e-5, hiding a NaN from every check.
     */
    private static INDArray nanLike(INDArray x) {
        return Nd4j.valueArrayOf(x.shape(), Double.NaN, x.dataType());
    }

    public static Tensor pow(Tensor a, double p) {
        INDArray x = a.value();
        INDArray out = Transforms.pow(x, p, true);
        return Tensor.result("pow", out, (g, needs) -> new INDArray[]{g.mul(Transforms.pow(x, p - 1, true)).muli(p)}, a);
    }

    public static Tensor square(Tensor a) {
        INDArray x = a.value();
        return Tensor.result("square", x.mul(x), (g, needs) -> new INDArray[]{g.mul(x).muli(2.0)}, a);
    }

    public static Tensor sqrt(Tensor a) {
        INDArray out = Transforms.sqrt(a.value(), true);
        return Tensor.result("sqrt", out, (g, needs) -> new INDArray[]{g.div(out).muli(0.5)}, a);
    }

    public static Tensor exp(Tensor a) {
        INDArray out = Transforms.exp(a.value(), true);
        return Tensor.result("exp", out, (g, needs) -> new INDArray[]{g.mul(out)}, a);
    }

    public static Tensor log(Tensor a) {
        INDArray x = a.value();
        return Tensor.result("log", Transforms.log(x, true), (g, needs) -> new INDArray[]{g.div(x)}, a);
    }

    public static Tensor abs(Tensor a) {
        INDArray x = a.value();
        return Tensor.result("abs", Transforms.abs(x, true), (g, needs) -> new INDArray[]{g.mul(Transforms.sign(x, true))}, a);
    }

    /** Clamps to [min, max]; the gradient passes where min <= x <= max (as in PyTorch). */
    public static Tensor clamp(Tensor a, double min, double max) {
        INDArray x = a.value();
        INDArray out = Transforms.min(Transforms.max(x, min, true), max, false);
        return Tensor.result("clamp", out, (g, needs) -> {
            INDArray inside = x.gte(min).castTo(x.dataType()).muli(x.lte(max).castTo(x.dataType()));
            return new INDArray[]{g.mul(inside)};
        }, a);
    }

    /** Element-wise maximum of two same-shape tensors; the gradient goes to the larger (to a on ties). */
    public static Tensor maximum(Tensor a, Tensor b) {
        INDArray av = a.value(), bv = b.value();
        INDArray takeA = av.sub(bv).gte(0).castTo(av.dataType());
        INDArray out = Transforms.max(av, bv, true);
        return Tensor.result("maximum", out, (g, needs) -> new INDArray[]{
                needs[0] ? reduceTo(g.mul(takeA), av.shape()) : null,
                needs[1] ? reduceTo(g.mul(takeA.rsub(1.0)), bv.shape()) : null}, a, b);
    }

    /** Picks a where {@code mask} is nonzero and b elsewhere (mask is a constant of the same shape). */
    public static Tensor where(INDArray mask, Tensor a, Tensor b) {
        INDArray m = mask.castTo(a.dataType());
        INDArray out = a.value().mul(m).addi(b.value().mul(m.rsub(1.0)));
        return Tensor.result("where", out, (g, needs) -> new INDArray[]{
                needs[0] ? reduceTo(g.mul(m), a.shape()) : null,
                needs[1] ? reduceTo(g.mul(m.rsub(1.0)), b.shape()) : null}, a, b);
    }

    /** A constant of the same dtype as t. */
    public static Tensor constantLike(Tensor t, double v) {
        return Tensor.of(Nd4j.scalar(t.dataType(), v));
    }
}
