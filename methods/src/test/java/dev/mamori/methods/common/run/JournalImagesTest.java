package dev.mamori.methods.common.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Example images in a journal line: 8-bit values and the shape come back through JSON; damage is an error. */
class JournalImagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void imagesComeBackThroughJsonAtEightBits() throws Exception {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 5, 4);
        x.putScalar(new long[]{0, 0, 0, 0}, -0.3f); // clamped to 0
        x.putScalar(new long[]{1, 2, 4, 3}, 1.7f); // clamped to 1
        String line = JSON.writeValueAsString(JournalImages.of(x));
        INDArray back = JSON.readValue(line, JournalImages.class).images();

        assertThat(back.shape()).containsExactly(2, 3, 5, 4);
        float[] a = x.data().asFloat(), b = back.data().asFloat();
        assertThat(b[0]).isEqualTo(0f);
        assertThat(b[b.length - 1]).isEqualTo(1f);
        for (int i = 1; i < a.length - 1; i++) {
            assertThat(b[i]).as("value %d", i).isEqualTo(Math.round(a[i] * 255) / 255f);
        }
        // already 8-bit images come back exactly (what the grid of a carried run draws is what the first run drew)
        assertThat(JournalImages.of(back).images().data().asFloat()).isEqualTo(b);
    }

    @Test
    void damagedPixelsAreAnErrorSayingWhatIsWrong() {
        JournalImages ok = JournalImages.of(Nd4j.rand(DataType.FLOAT, 1, 1, 4, 4));
        assertThatThrownBy(() -> new JournalImages(new long[]{1, 1, 4, 5}, ok.pixels()).images()).hasMessageContaining("do not hold 20 values");
        assertThatThrownBy(() -> new JournalImages(new long[]{1, 1, 4, 4}, "not base64!").images()).hasMessageContaining("not deflated base64");
        assertThatThrownBy(() -> JournalImages.of(Nd4j.zeros(DataType.FLOAT, 2, 1 << 20))).hasMessageContaining("too many values");
    }
}
