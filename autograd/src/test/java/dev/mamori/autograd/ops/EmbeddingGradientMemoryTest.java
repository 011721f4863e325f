package dev.mamori.autograd.ops;

import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gradient of a row lookup must not leak native memory: libnd4j's 2-D unsorted_segment_sum, which it once used,
 * never freed about 100 bytes per table row, so every training loop through an embedding, CenterNet's size and offset
 * losses included, grew until the kernel killed it.
 */
class EmbeddingGradientMemoryTest {

    /**
     * Not flaky, because the bound is far from both outcomes: with a table of 32768 rows the leaking backward pass
     * grew the resident size by 137 MB over these 40 calls, the scatter_add one by 10 MB (allocator, heap and JIT
     * noise; measured in this test's own fork); the bound is 40 MB. Warm-up calls come first so that workspace growth,
     * JIT code and allocator arenas settle before the first reading, and both readings follow a GC, which frees the
     * arrays made outside the scope.
     */
    @Test
    void backwardThroughALargeTableKeepsTheResidentSizeFlat() {
        long rows = 32768, dim = 2;
        INDArray table = Nd4j.rand(DataType.FLOAT, rows, dim);
        long[] picks = new long[256];
        for (int i = 0; i < picks.length; i++) picks[i] = (i * 7919L) % rows;
        INDArray indices = Nd4j.createFromArray(picks);
        Runnable step = () -> {
            try (MemoryScope scope = MemoryScope.open("embedding-memory-test")) {
                Indexing.embedding(indices, Tensor.variable(table.dup())).sum().backward();
            }
        };
        for (int i = 0; i < 10; i++) step.run();
        long before = settledResidentBytes();
        for (int i = 0; i < 40; i++) step.run();
        long growth = settledResidentBytes() - before;
        MemoryScope.release("embedding-memory-test");
        assertThat(growth).as("resident growth over 40 backward passes, bytes").isLessThan(40L << 20);
    }

    private static long settledResidentBytes() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Pointer.physicalBytes();
    }
}
