package dev.mamori.methods.spurious;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every DreamBooth batch is an instance half (references) then a prior half (class images), reproducible per (seed, epoch). */
class PriorPreservationBatchesTest {

    /** Moments whose every value is the row's id + offset, so a batch row says where it came from. */
    private static INDArray tagged(int n, int offset) {
        INDArray x = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, 8, 2, 2);
        for (int i = 0; i < n; i++) x.slice(i).assign(offset + i);
        return x;
    }

    @Test
    void eachBatchIsInstancesThenPrior() {
        PriorPreservationBatches source = new PriorPreservationBatches(tagged(3, 0), tagged(10, 100), 2, 5);
        assertThat(source.batchesPerEpoch()).isEqualTo(5);
        List<DreamBoothBatch> batches = new ArrayList<>();
        source.epoch(0, 7).forEachRemaining(batches::add);
        assertThat(batches).hasSize(5);
        Set<Integer> instancesSeen = new HashSet<>(), priorSeen = new HashSet<>();
        for (DreamBoothBatch b : batches) {
            assertThat(b.size()).isEqualTo(4);
            assertThat(b.moments().shape()).containsExactly(4, 8, 2, 2);
            for (int i = 0; i < 2; i++) {
                double v = b.moments().slice(i).getDouble(0);
                assertThat(v).as("instance row").isLessThan(3).isEqualTo(b.rows()[i]);
                instancesSeen.add((int) v);
            }
            for (int i = 2; i < 4; i++) {
                double v = b.moments().slice(i).getDouble(0);
                assertThat(v).as("prior row").isGreaterThanOrEqualTo(100).isEqualTo(100 + b.rows()[i]);
                priorSeen.add((int) v - 100);
            }
        }
        assertThat(instancesSeen).containsExactlyInAnyOrder(0, 1, 2);          // 10 instance rows cycle through all 3 references
        assertThat(priorSeen).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void theOrderIsAPureFunctionOfSeedAndEpoch() {
        PriorPreservationBatches source = new PriorPreservationBatches(tagged(3, 0), tagged(10, 100), 2, 4);
        assertThat(rows(source, 0, 7)).isEqualTo(rows(source, 0, 7));
        assertThat(rows(source, 1, 7)).isNotEqualTo(rows(source, 0, 7));
    }

    private static List<Integer> rows(PriorPreservationBatches s, int epoch, long seed) {
        List<Integer> out = new ArrayList<>();
        s.epoch(epoch, seed).forEachRemaining(b -> { for (int r : b.rows()) out.add(r); });
        return out;
    }

    @Test
    void refusesMismatchedLatents() {
        assertThatThrownBy(() -> new PriorPreservationBatches(tagged(3, 0), Nd4j.zeros(2, 8, 4, 4), 1, 1))
                .hasMessageContaining("latents of one shape");
    }
}
