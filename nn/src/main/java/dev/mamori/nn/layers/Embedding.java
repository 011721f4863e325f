package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Indexing;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A lookup table of vectors (PyTorch nn.Embedding, weight N(0, 1)); the input holds integer indices. */
public class Embedding extends Module {
    public final long num, dim;
    public final Tensor weight;

    public Embedding(long num, long dim) {
        this.num = num;
        this.dim = dim;
        this.weight = registerParameter("weight", Init.normal(0, 1, num, dim));
    }

    /** Rows of the table for integer indices of any shape; output shape indices.shape + [dim]. */
    public Tensor lookup(INDArray indices) {
        return hooked(Indexing.embedding(indices, weight));
    }

    @Override
    protected Tensor forward(Tensor indices) {
        return Indexing.embedding(indices.value(), weight);
    }

    @Override
    protected String extraRepr() {
        return num + ", " + dim;
    }
}
