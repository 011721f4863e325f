package dev.mamori.nn.optim;

import dev.mamori.autograd.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/** Stochastic gradient descent with PyTorch's semantics: L2 weight decay, momentum with dampening, Nesterov. */
public class Sgd extends Optimizer {
    private final double momentum, dampening;
    private final boolean nesterov;

    public Sgd(Map<String, Tensor> params, double lr) {
        this(params, lr, 0, 0, 0, false);
    }

    public Sgd(Map<String, Tensor> params, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        super(params, lr, weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0)) throw new IllegalArgumentException("Nesterov needs momentum > 0 and zero dampening");
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
    }

    @Override
    protected INDArray[] newState(INDArray param) {
        return new INDArray[]{null};
    }

    @Override
    protected String[] stateNames() {
        return new String[]{"momentum_buffer"};
    }

    @Override
    protected void update(INDArray p, INDArray grad, INDArray[] s, long step) {
        INDArray g = weightDecay != 0 ? grad.add(p.mul(weightDecay)) : grad;
        if (momentum != 0) {
            if (s[0] == null) {
                s[0] = dev.mamori.autograd.MemoryScope.outside(() -> g.dup());
            } else {
                s[0].muli(momentum).addi(g.mul(1 - dampening));
            }
            INDArray direction = nesterov ? g.add(s[0].mul(momentum)) : s[0];
            p.subi(direction.mul(lr));
        } else {
            p.subi(g.mul(lr));
        }
    }
}
