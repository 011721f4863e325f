package dev.mamori.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** Runs libnd4j's native ("custom") operations by name: the kernels behind both SameDiff and this tape. */
public final class NativeOps {
    private NativeOps() {}

    /** Executes op {@code name} on {@code inputs} with integer, floating-point and boolean arguments. */
    public static INDArray[] exec(String name, INDArray[] inputs, long[] iArgs, double[] tArgs, boolean[] bArgs) {
        DynamicCustomOp op = DynamicCustomOp.builder(name).build();
        op.addInputArgument(inputs);
        if (iArgs != null && iArgs.length > 0) op.addIArgument(iArgs);
        if (tArgs != null && tArgs.length > 0) op.addTArgument(tArgs);
        if (bArgs != null && bArgs.length > 0) op.addBArgument(bArgs);
        return Nd4j.exec(op);
    }

    public static INDArray[] exec(String name, INDArray[] inputs, long... iArgs) {
        return exec(name, inputs, iArgs, null, null);
    }

    /** Executes an op into preallocated outputs (no allocation). */
    public static void execInto(String name, INDArray[] inputs, INDArray[] outputs, long[] iArgs, double[] tArgs) {
        execInto(name, inputs, outputs, iArgs, tArgs, null);
    }

    /** Executes an op into preallocated outputs, with boolean arguments too. */
    public static void execInto(String name, INDArray[] inputs, INDArray[] outputs, long[] iArgs, double[] tArgs, boolean[] bArgs) {
        DynamicCustomOp op = DynamicCustomOp.builder(name).build();
        op.addInputArgument(inputs);
        op.addOutputArgument(outputs);
        if (iArgs != null && iArgs.length > 0) op.addIArgument(iArgs);
        if (tArgs != null && tArgs.length > 0) op.addTArgument(tArgs);
        if (bArgs != null && bArgs.length > 0) op.addBArgument(bArgs);
        Nd4j.exec(op);
    }
}
