package dev.mamori.nn.io;

import org.nd4j.linalg.api.buffer.DataType;

/** The element types of the safetensors format and their ND4J counterparts. */
public enum SafeTensorsDType {
    F64(8, DataType.DOUBLE), F32(4, DataType.FLOAT), F16(2, DataType.HALF), BF16(2, DataType.BFLOAT16),
    I64(8, DataType.LONG), I32(4, DataType.INT), I16(2, DataType.SHORT), I8(1, DataType.BYTE),
    U8(1, DataType.UBYTE), BOOL(1, DataType.BOOL);

    public final int bytes;
    public final DataType nd4j;

    SafeTensorsDType(int bytes, DataType nd4j) {
        this.bytes = bytes;
        this.nd4j = nd4j;
    }

    public static SafeTensorsDType of(DataType type) {
        for (SafeTensorsDType d : values()) if (d.nd4j == type) return d;
        throw new IllegalArgumentException("no safetensors dtype for ND4J type " + type);
    }
}
