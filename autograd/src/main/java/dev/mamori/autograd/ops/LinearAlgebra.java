package dev.mamori.autograd.ops;

import dev.mamori.autograd.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/** Matrix products: plain, batched, and the linear layer's x W^T + b on inputs of any rank. */
public final class LinearAlgebra {
    private LinearAlgebra() {}

    /**
     * a @ b. Both 2-D: a matrix product. Both of the same rank >= 3: a batched product over the leading dims.
     * a of rank >= 3 and b 2-D: b is applied to every row of a (the gradient of b is summed over the batch).
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        INDArray av = a.value(), bv = b.value();
        if (av.rank() >= 3 && bv.rank() == 2) {
            long[] s = av.shape();
            long rows = av.length() / s[s.length - 1];
            Tensor flat = a.reshape(rows, s[s.length - 1]);
            long[] outShape = s.clone();
            outShape[s.length - 1] = bv.size(1);
            return matmul(flat, b).reshape(outShape);
        }
        if (av.rank() != bv.rank()) {
            throw new IllegalArgumentException("matmul of ranks " + av.rank() + " and " + bv.rank()
                    + " (shapes " + Arrays.toString(av.shape()) + ", " + Arrays.toString(bv.shape()) + ")");
        }
        if (av.size(-1) != bv.size(-2)) {
            throw new IllegalArgumentException("matmul shapes " + Arrays.toString(av.shape()) + " and " + Arrays.toString(bv.shape()) + " do not agree");
        }
        INDArray out = mm(av, bv, false, false);
        return Tensor.result("matmul", out, (g, needs) -> new INDArray[]{
                needs[0] ? mm(g, bv, false, true) : null,   // dA = G B^T
                needs[1] ? mm(av, g, true, false) : null},  // dB = A^T G
                a, b);
    }

    /** a @ b^T over the last two dims (batched when rank >= 3), without materializing the transpose. */
    public static Tensor matmulTransposedB(Tensor a, Tensor b) {
        INDArray av = a.value(), bv = b.value();
        if (av.rank() != bv.rank() || av.size(-1) != bv.size(-1)) {
            throw new IllegalArgumentException("matmulTransposedB shapes " + Arrays.toString(av.shape()) + " and " + Arrays.toString(bv.shape()));
        }
        INDArray out = mm(av, bv, false, true);
        return Tensor.result("matmul_nt", out, (g, needs) -> new INDArray[]{
                needs[0] ? mm(g, bv, false, false) : null,  // dA = G B
                needs[1] ? mm(g, av, true, false) : null},  // dB = G^T A
                a, b);
    }

    /** Linear layer: x [..., in] times weight [out, in] transposed, plus bias [out] (bias may be null). */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        long[] s = x.shape();
        long in = s[s.length - 1];
        if (weight.size(1) != in) {
            throw new IllegalArgumentException("linear: input has " + in + " features but weight is " + Arrays.toString(weight.shape()));
        }
        long rows = x.numel() / in;
        INDArray x2 = x.value().reshape('c', rows, in);
        INDArray w = weight.value();
        INDArray out = mm(x2, w, false, true);
        if (bias != null) out.addiRowVector(bias.value());
        long[] outShape = s.clone();
        outShape[s.length - 1] = w.size(0);
        INDArray result = out.reshape('c', outShape);
        Tensor[] inputs = bias == null ? new Tensor[]{x, weight} : new Tensor[]{x, weight, bias};
        return Tensor.result("linear", result, (g, needs) -> {
            INDArray g2 = g.reshape('c', rows, w.size(0));
            INDArray[] grads = new INDArray[inputs.length];
            if (needs[0]) grads[0] = mm(g2, w, false, false).reshape('c', s);
            if (needs[1]) grads[1] = mm(g2, x2, true, false);
            if (inputs.length == 3 && needs[2]) grads[2] = g2.sum(0);
            return grads;
        }, inputs);
    }

    /** Native matmul with transpose flags (no transposed copies). */
    static INDArray mm(INDArray a, INDArray b, boolean transA, boolean transB) {
        return NativeOps.exec("matmul", new INDArray[]{a, b}, transA ? 1 : 0, transB ? 1 : 0)[0];
    }
}
