package dev.mamori.autograd.ops;

import dev.mamori.autograd.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/** Dropout (inverted: survivors are scaled by 1/(1-p) so evaluation needs no rescaling). */
public final class Regularization {
    private Regularization() {}

    public static Tensor dropout(Tensor x, double p, Random rng) {
        if (p <= 0) return x;
        if (p >= 1) return x.mul(0.0);
        INDArray mask = Nd4j.createUninitialized(x.dataType(), x.shape());
        Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, 1.0 - p), rng);
        mask.muli(1.0 / (1.0 - p));
        return Tensor.result("dropout", x.value().mul(mask), (g, needs) -> new INDArray[]{g.mul(mask)}, x);
    }
}
