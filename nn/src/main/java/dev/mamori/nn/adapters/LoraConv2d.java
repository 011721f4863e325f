package dev.mamori.nn.adapters;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Convolutions;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.layers.Conv2d;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LoRA for a pointwise (1 x 1, stride 1, no padding, one group) convolution, which is a Linear over channels: the
 * ConvMixer's channel-mixing layers. y = conv(x, W, b) + scaling * conv(conv(x, A), B) with A [rank, in, 1, 1]
 * (Kaiming-uniform), B [out, rank, 1, 1] (zeros), scaling = alpha / rank; W and b frozen. Parameter names: weight, bias,
 * lora_A, lora_B. Like {@link LoraLinear}, it copies the base layer's values and takes its place.
 */
public class LoraConv2d extends Conv2d {
    private static final int[] ONE = {1, 1}, ZERO = {0, 0};
    public final int rank;
    public final double alpha, scaling;
    public final Tensor loraA, loraB;
    /** Whether the base layer's weight and bias were trainable before the adapter froze them ({@link #merged()} restores it). */
    private final boolean baseWeightTrainable, baseBiasTrainable;

    public LoraConv2d(Conv2d base, int rank, double alpha) {
        super(base.inChannels, base.outChannels, 1, Conv2d.options().bias(base.bias != null));
        if (base.kernel[0] != 1 || base.kernel[1] != 1 || base.stride[0] != 1 || base.padding[0] != 0 || base.groups != 1
                || base.dilation[0] != 1) {
            throw new IllegalArgumentException("LoRA on convolutions supports pointwise ones only (1x1, stride 1, no padding, "
                    + "groups 1); got " + base.describe());
        }
        if (rank < 1) throw new IllegalArgumentException("LoRA rank must be >= 1, got " + rank);
        if (!(alpha > 0)) throw new IllegalArgumentException("LoRA alpha must be > 0, got " + alpha);
        if (base instanceof LoraConv2d) throw new IllegalArgumentException("the layer already has a LoRA adapter");
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
        this.loraA = registerParameter("lora_A", Init.kaimingUniformDefault(inChannels, rank, inChannels, 1, 1));
        this.loraB = registerParameter("lora_B", Init.zeros(outChannels, rank, 1, 1));
    }

    @Override
    protected Tensor forward(Tensor x) {
        Tensor base = Convolutions.conv2d(x, weight, bias, ONE, ZERO, ONE, 1);
        Tensor low = Convolutions.conv2d(x, loraA, null, ONE, ZERO, ONE, 1);
        return base.add(Convolutions.conv2d(low, loraB, null, ONE, ZERO, ONE, 1).mul(scaling));
    }

    /** scaling * B A as a [out, in, 1, 1] weight (a new array). */
    public INDArray delta() {
        INDArray b = loraB.value().reshape(outChannels, rank);
        INDArray a = loraA.value().reshape(rank, inChannels);
        return b.mmul(a).muli(scaling).reshape(outChannels, inChannels, 1, 1);
    }

    /** A plain 1x1 Conv2d with weight W + scaling * B A and the same bias. */
    public Conv2d merged() {
        Conv2d out = new Conv2d(inChannels, outChannels, 1, Conv2d.options().bias(bias != null));
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
