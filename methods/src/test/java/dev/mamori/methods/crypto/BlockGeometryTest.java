package dev.mamori.methods.crypto;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlockGeometryTest {

    @Test
    void blockPositionsFollowRowColChannelOrder() {
        BlockGeometry g = new BlockGeometry(2, 3, 4, 6); // 2 x 3 blocks of 2 x 2 x 3
        assertThat(g.blockLength()).isEqualTo(12);
        assertThat(g.blockCount()).isEqualTo(6);
        // block 4 = grid row 1, grid col 1; position 7 = row 1, col 0, channel 1 -> (c=1, y=3, x=2)
        assertThat(g.imageIndex(4, 7)).isEqualTo((1 * 4 + 3) * 6 + 2);
        assertThat(g.blockOf((1 * 4 + 3) * 6 + 2)).isEqualTo(4);
        assertThat(g.positionOf((1 * 4 + 3) * 6 + 2)).isEqualTo(7);
    }

    @Test
    void everyImageIndexIsReachedOnce() {
        BlockGeometry g = new BlockGeometry(4, 3, 8, 12);
        Set<Integer> seen = new HashSet<>();
        for (int b = 0; b < g.blockCount(); b++) {
            for (int i = 0; i < g.blockLength(); i++) {
                int j = g.imageIndex(b, i);
                assertThat(g.blockOf(j)).isEqualTo(b);
                assertThat(g.positionOf(j)).isEqualTo(i);
                seen.add(j);
            }
        }
        assertThat(seen).hasSize(g.imageLength());
    }

    @Test
    void rejectsShapesThatDoNotFit() {
        assertThatThrownBy(() -> BlockGeometry.forBatch(new long[]{1, 3, 10, 8}, 4, 3))
                .hasMessageContaining("divisible by the block size 4").hasMessageContaining("[1, 3, 10, 8]");
        assertThatThrownBy(() -> BlockGeometry.forBatch(new long[]{1, 1, 8, 8}, 4, 3))
                .hasMessageContaining("3 channels").hasMessageContaining("have 1");
        assertThatThrownBy(() -> BlockGeometry.forBatch(new long[]{3, 8, 8}, 4, 3)).hasMessageContaining("4 dimensions");
    }
}
