package dev.mamori.methods.spurious;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reference folders: written and read back; a missing, empty or wrongly sized one is an error naming it. */
class ReferenceImagesTest {

    @Test
    void aMissingReferenceFolderIsAClearErrorNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-references");
        assertThatThrownBy(() -> ReferenceImages.read(missing, 32)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString()).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> ReferenceImages.read(dir, 32)).hasMessageContaining("holds no .png");
    }

    @Test
    void roundTripsAndChecksTheSize(@TempDir Path dir) throws Exception {
        INDArray refs = new BackgroundPattern(6).patternOnly(3, 32, 1);
        ReferenceImages.write(refs, dir.resolve("refs"));
        INDArray back = ReferenceImages.read(dir.resolve("refs"), 32);
        assertThat(back.shape()).containsExactly(3, 3, 32, 32);
        assertThat(back.sub(refs).amaxNumber().doubleValue()).isLessThan(1.0 / 255 + 1e-6);   // 8-bit PNG
        assertThatThrownBy(() -> ReferenceImages.read(dir.resolve("refs"), 64)).hasMessageContaining("reference-00.png");
        assertThat(Files.list(dir.resolve("refs")).count()).isEqualTo(3);
    }

    @Test
    void thePatternReplacesOnlyTheWhiteBackground() {
        BackgroundPattern p = new BackgroundPattern(4);
        float[] px = new float[3 * 4 * 4];
        java.util.Arrays.fill(px, 1f);
        for (int c = 0; c < 3; c++) px[c * 16 + 5] = 0.2f;        // one dark object pixel at (1, 1)
        var out = p.applyTo(new dev.mamori.data.FloatImage(3, 4, 4, px), 0);
        assertThat(out.get(0, 1, 1)).isEqualTo(0.2f);
        for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) {
            if (y == 1 && x == 1) continue;
            assertThat(out.get(0, y, x)).as("background (%d, %d)", y, x).isIn(1.0f, 0.05f);
        }
        assertThat(BackgroundPattern.plain(2, 8, 0).minNumber().doubleValue()).isGreaterThanOrEqualTo(0.98);
    }
}
