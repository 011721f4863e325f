package dev.mamori.autograd.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whether the fused Java kernels of this package may be used for an array: float32, contiguous 'c' order, on the
 * CPU backend. libnd4j runs every element-wise step of a normalization as a separate pass over memory with its own
 * allocation; a fused kernel makes two passes in total. Measured on [128, 128, 7, 7] (2 cores): batch-norm forward
 * 5.1 ms as separate ops, 1.05 ms fused. Other dtypes (float64 gradient checks) and other backends take the op-by-op
 * path, which stays the reference the kernels are tested against. {@code -Dmamori.kernels=false} turns them off;
 * {@code -Dmamori.kernels.off=attention,layer_norm} turns off the named ones (read at each call, so that a benchmark
 * can measure a kernel against the op-by-op path in one process). A kernel measured slower than the op-by-op path
 * stays in the code, tested, but is off unless named in {@code -Dmamori.kernels.on}: {@code attention} (the packed
 * multi-head kernel: on a quiet 2-core machine the ViT case ran 1.26x / 1.24x slower in inference / input gradient
 * with it, paired A/B in one process, and its train step 615 against 535 ms; docs/PERFORMANCE.md).
 */
public final class CpuKernels {
    private static final boolean ENABLED = !"false".equals(System.getProperty("mamori.kernels"))
            && Nd4j.getBackend().getClass().getSimpleName().toLowerCase().contains("cpu");

    private CpuKernels() {}

    /**
     * Whether the kernels handle these arrays: all float32 on the CPU. The choice depends on the dtype only, never on
     * the memory layout, so a result never changes with whether an input happened to be a view: callers pass
     * {@link #contiguous} copies.
     */
    public static boolean applicable(INDArray... arrays) {
        if (!ENABLED) return false;
        for (INDArray a : arrays) {
            if (a != null && a.dataType() != DataType.FLOAT) return false;
        }
        return true;
    }

    /** Like {@link #applicable(INDArray...)}, and the kernel {@code name} is not listed in -Dmamori.kernels.off. */
    public static boolean applicable(String name, INDArray... arrays) {
        return applicable(arrays) && enabled(name);
    }

    /**
     * Whether the kernel or shortcut {@code name} is not listed in -Dmamori.kernels.off, whatever the dtype: for
     * shortcuts that call libnd4j ops (any dtype) rather than the float32 Java kernels.
     */
    public static boolean enabled(String name) {
        if (listed("mamori.kernels.off", name)) return false;
        return !OFF_BY_DEFAULT.contains(name) || listed("mamori.kernels.on", name);
    }

    /** Kernels that lose to the op-by-op path where measured: used only when named in -Dmamori.kernels.on. */
    private static final java.util.Set<String> OFF_BY_DEFAULT = java.util.Set.of("attention");

    private static boolean listed(String property, String name) {
        String names = System.getProperty(property, "");
        return !names.isEmpty() && java.util.Arrays.asList(names.split(",")).contains(name);
    }

    /**
     * The array itself when its elements lie in row-major order at the start of its buffer (what the kernels read
     * directly), otherwise a contiguous copy. Checked by strides and offset, not by isView()/ordering(), which ND4J
     * does not always set for permuted arrays.
     */
    public static INDArray contiguous(INDArray a) {
        boolean plain = a.offset() == 0 && Shape.hasDefaultStridesForShape(a) && a.data().length() >= a.length();
        return plain ? a : a.dup('c');
    }
}
