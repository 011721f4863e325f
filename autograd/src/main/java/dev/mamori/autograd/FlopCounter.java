package dev.mamori.autograd;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts the floating-point operations of the tape's products (convolutions, linear layers, matrix products) as they
 * run, and those their backward pass will run: the work a perfect implementation cannot avoid, which, divided by the
 * machine's measured matrix-multiply peak, gives the floor a training step or an attack step could reach (the FLOP
 * floor of docs/PERFORMANCE.md). Switched off by default; costs nothing then.
 *
 * <p>A multiply-add counts 2. Per op, with the output's element count {@code n}:
 * <ul>
 *   <li>conv2d (weight [O, I/g, kH, kW]): {@code 2 n (I/g) kH kW}; depthwise_conv2d: {@code 2 n kH kW};</li>
 *   <li>conv_transpose2d (weight [I, O, kH, kW]): {@code 2 |x| O kH kW}, each input element spread over a window;</li>
 *   <li>linear, matmul, matmul_nt: {@code 2 n K} with K the contracted size.</li>
 * </ul>
 * The backward pass of each costs its forward count once per operand that wants a gradient (dX and dW are each one
 * product of the same size), kept apart: a training step's first layer needs dW only, and an attack's input gradient
 * needs no dW anywhere ({@link Counts#withoutWeightGradients}), although the weights still require gradients.
 * Element-wise work (activations, normalization, softmax, optimizer) is not counted: it is memory-bound and is what
 * the floor leaves out. Ops with products this class does not model (the fused attention
 * kernel, when turned on) are listed in {@link Counts#uncounted()}, so a floor that misses them says so.
 * <pre>{@code
 * FlopCounter.start();
 * ... one training step ...
 * FlopCounter.Counts c = FlopCounter.stop();   // c.total(): forward and backward FLOPs
 * }</pre>
 */
public final class FlopCounter {
    private static volatile boolean enabled;
    private static long forward;
    private static long backwardInputs;
    private static long backwardWeights;
    private static final Map<String, Long> BY_OP = new TreeMap<>();
    private static final Map<String, Long> UNCOUNTED = new TreeMap<>();
    /** Ops that multiply matrices inside but have no formula here. */
    private static final Set<String> PRODUCTS_NOT_MODELLED = Set.of("self_attention");

    private FlopCounter() {}

    /**
     * FLOPs counted between {@link #start} and {@link #stop}.
     *
     * @param forward         the products run by the forward pass
     * @param backwardInputs  the backward products towards the data operands (activations, an attacked input): what
     *                        gradients flowing back through the network cost
     * @param backwardWeights the backward products towards weights (operand 1 of a convolution or linear layer): what a
     *                        training step adds, and an input gradient on frozen weights can skip
     * @param byOp            FLOPs per op name, forward and backward together
     * @param uncounted       ops that multiply matrices but were not counted, with how often they ran
     */
    public record Counts(long forward, long backwardInputs, long backwardWeights, Map<String, Long> byOp, Map<String, Long> uncounted) {
        /** Everything recorded: forward, and backward towards every operand that wants a gradient. */
        public long total() {
            return forward + backwardInputs + backwardWeights;
        }

        /** Forward and backward towards the data only: an attack's input gradient, which asks for no weight gradient. */
        public long withoutWeightGradients() {
            return forward + backwardInputs;
        }
    }

    public static synchronized void start() {
        forward = 0;
        backwardInputs = 0;
        backwardWeights = 0;
        BY_OP.clear();
        UNCOUNTED.clear();
        enabled = true;
    }

    public static synchronized Counts stop() {
        enabled = false;
        return new Counts(forward, backwardInputs, backwardWeights, Map.copyOf(BY_OP), Map.copyOf(UNCOUNTED));
    }

    static boolean enabled() {
        return enabled;
    }

    /** Called by {@link Tensor#result} for every op while counting. */
    static synchronized void record(String op, INDArray out, Tensor[] inputs) {
        if (PRODUCTS_NOT_MODELLED.contains(op)) {
            UNCOUNTED.merge(op, 1L, Long::sum);
            return;
        }
        long flops = forwardFlops(op, out, inputs);
        if (flops == 0) return;
        long towardsInputs = 0, towardsWeights = 0;
        if (GradMode.isEnabled()) {
            // one product of the forward's size per operand that wants a gradient (operands 0 and 1; a bias is a sum);
            // operand 1 of a convolution or linear layer is its weight, both operands of a matrix product are data
            boolean secondIsWeight = !op.startsWith("matmul");
            if (inputs.length > 0 && inputs[0] != null && inputs[0].requiresGrad()) towardsInputs += flops;
            if (inputs.length > 1 && inputs[1] != null && inputs[1].requiresGrad()) {
                if (secondIsWeight) towardsWeights += flops;
                else towardsInputs += flops;
            }
        }
        forward += flops;
        backwardInputs += towardsInputs;
        backwardWeights += towardsWeights;
        BY_OP.merge(op, flops + towardsInputs + towardsWeights, Long::sum);
    }

    /** The forward FLOPs of one op from its output and operands; 0 for ops without products. */
    static long forwardFlops(String op, INDArray out, Tensor[] inputs) {
        return switch (op) {
            // weight [O, I/g, kH, kW]: each output element sums (I/g) kH kW products
            case "conv2d" -> 2 * out.length() * (inputs[1].value().length() / inputs[1].value().size(0));
            // weight in libnd4j's layout [kH, kW, C, multiplier]: kH kW products per output element
            case "depthwise_conv2d" -> 2 * out.length() * inputs[1].value().size(0) * inputs[1].value().size(1);
            // weight [I, O, kH, kW]: each input element is spread over O kH kW outputs
            case "conv_transpose2d" -> 2 * inputs[0].value().length() * (inputs[1].value().length() / inputs[1].value().size(0));
            // x [..., K] times weight [O, K]^T; a [..., M, K] times b [..., K, N] or b [..., N, K]^T
            case "linear", "matmul", "matmul_nt" -> 2 * out.length() * inputs[0].value().size(-1);
            default -> 0;
        };
    }
}
