package dev.mamori.data.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.data.ByteImage;
import dev.mamori.data.FloatImage;
import org.junit.jupiter.api.Test;

class AreaDownscaleTest {
    @Test
    void eachOutputPixelIsTheRoundedMeanOfItsBlock() {
        byte[] p = {
                0, 10, (byte) 200, (byte) 255,
                20, 30, (byte) 255, (byte) 255,
                1, 2, 3, 4,
                5, 6, 7, 9};
        ByteImage out = AreaDownscale.of(new ByteImage(1, 4, 4, p), 2);
        // blocks: (0+10+20+30)/4 = 15, (200+255+255+255)/4 = 241.25 -> 241, (1+2+5+6)/4 = 3.5 -> 4, (3+4+7+9)/4 = 5.75 -> 6
        assertThat(out.toByteArray()).containsExactly(15, (byte) 241, 4, 6);
        FloatImage f = AreaDownscale.of(new ByteImage(1, 4, 4, p).toFloat(), 2);
        assertThat(f.get(0, 1, 1)).isEqualTo((3 + 4 + 7 + 9) / 4f / 255f, org.assertj.core.api.Assertions.within(1e-6f));
        // a one-pixel line averages to a quarter instead of vanishing (nearest neighbour would keep or drop it)
        byte[] line = new byte[16];
        for (int x = 0; x < 4; x++) line[4 + x] = (byte) 200;
        assertThat(AreaDownscale.of(new ByteImage(1, 4, 4, line), 2).toByteArray()).containsExactly(100, 100, 0, 0);
        assertThatThrownBy(() -> AreaDownscale.of(new ByteImage(1, 3, 4, new byte[12]), 2)).hasMessageContaining("multiples");
    }
}
