package dev.mamori.generative.training;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Indexing;
import dev.mamori.nn.train.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A frozen text encoder's states for every caption, computed once, looked up by the batch's caption indices; dropped
 * rows get the empty prompt's states. No gradient flows into the table.
 */
public final class CaptionContextTable implements ContextSource {
    private final INDArray table, unconditional;
    private final long tokens, width;

    /**
     * @param contextTable  text states of each caption, [captions, L, D]
     * @param unconditional the empty prompt's states, [1, L, D]
     */
    public CaptionContextTable(INDArray contextTable, INDArray unconditional) {
        if (contextTable.rank() != 3 || unconditional.rank() != 3 || unconditional.size(0) != 1
                || contextTable.size(1) != unconditional.size(1) || contextTable.size(2) != unconditional.size(2)) {
            throw new IllegalArgumentException("context table [captions, L, D] and unconditional context [1, L, D] expected");
        }
        this.tokens = contextTable.size(1);
        this.width = contextTable.size(2);
        this.table = contextTable.reshape(contextTable.size(0), tokens * width);
        this.unconditional = unconditional.reshape(1, tokens * width);
    }

    @Override
    public Tensor context(int[] rows, boolean[] dropped, StepContext step) {
        long[] r = new long[rows.length];
        for (int i = 0; i < rows.length; i++) r[i] = rows[i];
        INDArray ctx = Indexing.embedding(Nd4j.createFromArray(r), Tensor.of(table)).value();  // [B, L*D]
        for (int i = 0; i < rows.length; i++) if (dropped[i]) ctx.getRow(i).assign(unconditional);
        return Tensor.of(ctx.reshape(rows.length, tokens, width));                            // [B, L, D]
    }

    @Override
    public long tokens() {
        return tokens;
    }

    @Override
    public long width() {
        return width;
    }
}
