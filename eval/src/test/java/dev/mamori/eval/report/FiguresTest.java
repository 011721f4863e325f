package dev.mamori.eval.report;

import dev.mamori.eval.metrics.Proportion;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FiguresTest {

    /** Two 2x2 RGB images: the first pure red, the second with a gray top-left pixel of value 0.5. */
    private static INDArray twoImages() {
        float[] data = new float[2 * 3 * 2 * 2];
        for (int i = 0; i < 4; i++) data[i] = 1f; // image 0, red channel
        data[12] = data[16] = data[20] = 0.5f;     // image 1, pixel (0,0) in all channels
        return Nd4j.create(data, new long[] {2, 3, 2, 2});
    }

    @Test
    void gridPlacesPixelsAtTheExpectedPositions() {
        BufferedImage image = ImageGrid.builder().scale(3).padding(1).row(null, twoImages()).render();
        // width = padding + 2 * (cell 6 + padding) = 15; height = padding + cell 6 + padding = 8
        assertThat(image.getWidth()).isEqualTo(15);
        assertThat(image.getHeight()).isEqualTo(8);
        assertThat(image.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);          // padding is white
        assertThat(image.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xFF0000);          // first image, red
        assertThat(image.getRGB(6, 6) & 0xFFFFFF).isEqualTo(0xFF0000);          // its last enlarged pixel
        assertThat(image.getRGB(8, 1) & 0xFFFFFF).isEqualTo(0x808080);          // second image, 0.5 gray -> 128
        assertThat(image.getRGB(8 + 3, 1) & 0xFFFFFF).isEqualTo(0x000000);      // its black top-right pixel
    }

    @Test
    void grayscaleRowsAndPlainGrids() {
        INDArray gray = Nd4j.ones(5, 1, 4, 4).muli(0.25);
        Figure figure = ImageGrid.of("grid.png", "five digits", gray, 2);
        BufferedImage image = figure.image();
        // auto scale: 96 / 4 = 24 px cells; 3 rows of at most 2
        assertThat(image.getWidth()).isEqualTo(4 + 2 * (96 + 4));
        assertThat(image.getHeight()).isEqualTo(4 + 3 * (96 + 4));
        assertThat(image.getRGB(10, 10) & 0xFFFFFF).isEqualTo(0x404040);
        assertThat(image.getRGB(4 + 100 + 10, 4 + 200 + 10) & 0xFFFFFF).isEqualTo(0xFFFFFF); // the 6th cell is empty
    }

    @Test
    void labelsAndCaptionsMakeRoomAndAreRecordedAsDrawnText() {
        Figure plain = ImageGrid.builder().scale(2).row(null, twoImages()).figure("a.png", "");
        Figure labelled = ImageGrid.builder().scale(2).row("clean", twoImages(), List.of("cat", "dog")).figure("b.png", "");
        assertThat(labelled.image().getWidth()).isGreaterThan(plain.image().getWidth());
        assertThat(labelled.image().getHeight()).isGreaterThan(plain.image().getHeight());
        assertThat(labelled.drawnText()).containsExactly("clean", "cat", "dog");
    }

    @Test
    void amplifiedPerturbationIsCenteredOnGray() {
        INDArray clean = Nd4j.createFromArray(new float[] {0.2f, 0.2f, 0.2f, 0.2f}).reshape(1, 1, 2, 2);
        INDArray adversarial = Nd4j.createFromArray(new float[] {0.2f, 0.21f, 0.19f, 0.9f}).reshape(1, 1, 2, 2);
        float[] amplified = ImageGrid.amplifiedPerturbation(clean, adversarial, 10).data().asFloat();
        assertThat(amplified[0]).isCloseTo(0.5f, within(1e-6f));
        assertThat(amplified[1]).isCloseTo(0.6f, within(1e-5f));
        assertThat(amplified[2]).isCloseTo(0.4f, within(1e-5f));
        assertThat(amplified[3]).isEqualTo(1f); // clipped
    }

    @Test
    void gridRejectsBadInput() {
        assertThatThrownBy(() -> ImageGrid.builder().row("x", Nd4j.zeros(2, 2, 4, 4)))
                .hasMessageContaining("row 'x': images need 1 or 3 channels");
        assertThatThrownBy(() -> ImageGrid.builder().row("a", Nd4j.zeros(1, 3, 4, 4)).row("b", Nd4j.zeros(1, 3, 5, 4)))
                .hasMessageContaining("row 'b': images are 5x4 but the first row's are 4x4");
        assertThatThrownBy(() -> ImageGrid.builder().row("a", Nd4j.zeros(2, 3, 4, 4), List.of("only one")))
                .hasMessageContaining("1 captions for 2 images");
        assertThatThrownBy(() -> ImageGrid.builder().render()).hasMessageContaining("at least one row");
    }

    @Test
    void chartsRejectMismatchedData() {
        assertThatThrownBy(() -> Plots.bar("b.png", "bars", "x", "y", List.of("a", "b"), new double[] {1}))
                .hasMessageContaining("2 categories and 1 values");
        assertThatThrownBy(() -> new Series("s", new double[] {1, 2}, new double[] {1}))
                .hasMessageContaining("same length");
        assertThatThrownBy(() -> Plots.robustAccuracyVsEpsilon("r.png", "r", "eps", new double[] {0, 1},
                Map.of("PGD", new Proportion[] {Proportion.of(1, 2)})))
                .hasMessageContaining("'PGD' has 1 values for 2 epsilons");
        assertThatThrownBy(() -> Figure.of("../escape.png", "", new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)))
                .hasMessageContaining("plain name ending in .png");
        assertThatThrownBy(() -> ExperimentReport.named("x")
                .figure(Figure.of("a.png", "", new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)))
                .figure(Figure.of("a.png", "", new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB))))
                .hasMessageContaining("two figures are named a.png");
    }

    @Test
    void chartsDrawSomethingBesidesBackground() {
        Figure line = Plots.line("l.png", "title", "x", "y", List.of(new Series("s", new double[] {0, 1, 2}, new double[] {0, 1, 4})));
        BufferedImage image = line.image();
        long nonWhite = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) nonWhite++;
        }
        assertThat(nonWhite).isGreaterThan(500);
        assertThat(line.drawnText()).containsExactly("title", "x", "y", "s");
    }
}
