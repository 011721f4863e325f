package dev.mamori.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A named non-trainable state array of a module (batch norm's running statistics), saved in the state_dict. */
public final class Buffer {
    private INDArray value;
    private final boolean persistent;

    public Buffer(INDArray value, boolean persistent) {
        this.value = value;
        this.persistent = persistent;
    }

    public INDArray value() {
        return value;
    }

    public void set(INDArray v) {
        this.value = v;
    }

    /** Whether it belongs in the state_dict (PyTorch's persistent=True). */
    public boolean persistent() {
        return persistent;
    }
}
