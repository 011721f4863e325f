package dev.mamori.nn.optim;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.kernels.AdamKernel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Map;

/**
 * Adam (Kingma and Ba) with PyTorch's semantics; {@code decoupled} gives AdamW (Loshchilov and Hutter): weight decay
 * shrinks the parameter directly instead of being added to the gradient.
 */
public class Adam extends Optimizer {
    private final double beta1, beta2, eps;
    private final boolean decoupled;

    public Adam(Map<String, Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0, false);
    }

    public Adam(Map<String, Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        super(params, lr, weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.decoupled = decoupled;
    }

    /** AdamW with PyTorch's default weight decay 0.01. */
    public static Adam adamW(Map<String, Tensor> params, double lr, double weightDecay) {
        return new Adam(params, lr, 0.9, 0.999, 1e-8, weightDecay, true);
    }

    @Override
    protected INDArray[] newState(INDArray param) {
        return new INDArray[]{Nd4j.zeros(param.dataType(), param.shape()), Nd4j.zeros(param.dataType(), param.shape())};
    }

    @Override
    protected String[] stateNames() {
        return new String[]{"exp_avg", "exp_avg_sq"};
    }

    @Override
    protected void update(INDArray p, INDArray grad, INDArray[] s, long step) {
        if (AdamKernel.handles(p, grad, s[0], s[1])) {
            // one fused pass (float32 on the CPU); the op-by-op update below is its reference
            AdamKernel.update(p, grad, s[0], s[1], new AdamKernel.Step(lr, beta1, beta2, eps, weightDecay, decoupled, step));
            return;
        }
        INDArray g = grad;
        if (weightDecay != 0) {
            if (decoupled) p.muli(1 - lr * weightDecay);
            else g = grad.add(p.mul(weightDecay));
        }
        INDArray m = s[0], v = s[1];
        m.muli(beta1).addi(g.mul(1 - beta1));
        v.muli(beta2).addi(g.mul(g).muli(1 - beta2));
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2 = 1 - Math.pow(beta2, step);
        // p -= lr / bc1 * m / (sqrt(v) / sqrt(bc2) + eps)
        INDArray denom = Transforms.sqrt(v, true).divi(Math.sqrt(bc2)).addi(eps);
        p.subi(m.div(denom).muli(lr / bc1));
    }
}
