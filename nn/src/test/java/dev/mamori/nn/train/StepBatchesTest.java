package dev.mamori.nn.train;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Batches drawn from their global index: an epoch started at batch k draws batches k.. only, with epoch-wide indices. */
class StepBatchesTest {
    @Test
    void anEpochStartedMidwayDrawsOnlyTheBatchesFromThere() {
        List<Long> drawn = new ArrayList<>();
        StepBatches<Long> source = new StepBatches<>(4, 2, i -> {
            drawn.add(i);
            return i * 10;
        });
        assertThat(source.batchesPerEpoch()).isEqualTo(4);
        assertThat(source.examples()).isEqualTo(8);
        assertThat(all(source.epoch(0, 1))).containsExactly(0L, 10L, 20L, 30L);
        drawn.clear();
        assertThat(all(source.epoch(1, 1, 3))).containsExactly(70L);
        assertThat(drawn).containsExactly(7L);
        Iterator<Long> done = source.epoch(0, 1, 4);
        assertThat(done.hasNext()).isFalse();
        assertThatThrownBy(done::next).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> new StepBatches<Long>(0, 1, i -> i)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultStartMidwaySkipsTheFirstBatches() {
        BatchSource<Integer> counting = new BatchSource<>() {
            @Override
            public Iterator<Integer> epoch(int epoch, long seed) {
                return List.of(1, 2, 3).iterator();
            }

            @Override
            public long batchesPerEpoch() {
                return 3;
            }

            @Override
            public long examples() {
                return 3;
            }
        };
        assertThat(all(counting.epoch(0, 0, 2))).containsExactly(3);
        assertThat(all(counting.epoch(0, 0, 5))).isEmpty();
    }

    private static <T> List<T> all(Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
