package dev.mamori.nn.adapters;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.LinearAlgebra;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.layers.Linear;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link Linear} with a low-rank adapter (LoRA, Hu et al. 2021): y = x W^T + b + scaling * (x A^T) B^T with
 * A [rank, in] (Kaiming-uniform, as PyTorch's Linear weights), B [out, rank] (zeros, so a new adapter does not change
 * the output) and scaling = alpha / rank. The base weight and bias are frozen.
 *
 * <p>It is a {@code Linear} (as in Microsoft's loralib), so it takes the base layer's place in fields typed
 * {@code Linear} ({@code SelfAttention.qkv}, {@code Mlp.fc1}) and keeps its parameter names: {@code weight},
 * {@code bias}, plus {@code lora_A} and {@code lora_B}. The base layer's values are copied in (the base layer itself is
 * not used afterwards). {@link #merged()} folds the adapter into a plain {@code Linear} for deployment.
 */
public class LoraLinear extends Linear {
    public final int rank;
    public final double alpha, scaling;
    /** A [rank, in] (state_dict name lora_A) and B [out, rank] (lora_B). */
    public final Tensor loraA, loraB;
    /** Whether the base layer's weight and bias were trainable before the adapter froze them ({@link #merged()} restores it). */
    private final boolean baseWeightTrainable, baseBiasTrainable;

    public LoraLinear(Linear base, int rank, double alpha) {
        super(base.inFeatures, base.outFeatures, base.bias != null);
        if (rank < 1) throw new IllegalArgumentException("LoRA rank must be >= 1, got " + rank);
        if (!(alpha > 0)) throw new IllegalArgumentException("LoRA alpha must be > 0, got " + alpha);
        if (base instanceof LoraLinear) throw new IllegalArgumentException("the layer already has a LoRA adapter");
        this.rank = rank;
        this.alpha = alpha;
        this.scaling = alpha / rank;
        this.baseWeightTrainable = base.weight.requiresGrad();
        this.baseBiasTrainable = base.bias != null && base.bias.requiresGrad();
        weight.value().assign(base.weight.value());
        weight.requiresGrad(false);
        if (bias != null) {
            bias.value().assign(base.bias.value());
            bias.requiresGrad(false);
        }
        this.loraA = registerParameter("lora_A", Init.kaimingUniformDefault(inFeatures, rank, inFeatures));
        this.loraB = registerParameter("lora_B", Init.zeros(outFeatures, rank));
    }

    @Override
    protected Tensor forward(Tensor x) {
        return compute(x, weight, bias, loraA, loraB, scaling);
    }

    /** x W^T + b + scaling * (x A^T) B^T on the last dimension (the forward pass, as a function for gradient checks). */
    public static Tensor compute(Tensor x, Tensor weight, Tensor bias, Tensor a, Tensor b, double scaling) {
        Tensor base = LinearAlgebra.linear(x, weight, bias);
        Tensor update = LinearAlgebra.linear(LinearAlgebra.linear(x, a, null), b, null);
        return base.add(update.mul(scaling));
    }

    /** scaling * B A, the change the adapter makes to the weight ([out, in], a new array). */
    public INDArray delta() {
        return loraB.value().mmul(loraA.value()).muli(scaling);
    }

    /** A plain Linear with weight W + scaling * B A and the same bias; its weight is trainable as the base's was. */
    public Linear merged() {
        Linear out = new Linear(inFeatures, outFeatures, bias != null);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out.weight.value().assign(weight.value().add(delta().castTo(weight.dataType())));
            if (bias != null) out.bias.value().assign(bias.value());
        }
        out.weight.requiresGrad(baseWeightTrainable);
        if (bias != null) out.bias.requiresGrad(baseBiasTrainable);
        return out;
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + ", lora_rank=" + rank + ", lora_alpha=" + alpha;
    }
}
