package dev.mamori.eval.metrics;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Hand-checkable PSNR/SSIM cases; scikit-image parity is in {@link ImageMetricsParityTest}. */
class ImageMetricsTest {

    @Test
    void psnrOfAConstantOffset() {
        INDArray a = Nd4j.zeros(3, 16, 16).addi(0.5);
        INDArray b = a.add(0.1); // MSE 0.01 -> 10 log10(1 / 0.01) = 20 dB
        assertThat(Psnr.of(a, b)).isCloseTo(20.0, within(1e-5));
        assertThat(Psnr.of(a, b, 2.0)).isCloseTo(20.0 + 20 * Math.log10(2), within(1e-5));
        assertThat(Psnr.of(a, a)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void psnrPerImage() {
        INDArray a = Nd4j.zeros(2, 1, 4, 4);
        INDArray b = a.dup();
        b.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)).addi(0.01); // MSE 1e-4 -> 40 dB
        double[] psnr = Psnr.perImage(a, b);
        assertThat(psnr[0]).isInfinite();
        assertThat(psnr[1]).isCloseTo(40.0, within(1e-3));
    }

    @Test
    void ssimOfIdenticalImagesIsOne() {
        INDArray a = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 16, 16);
        assertThat(Ssim.standard().of(a, a)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void ssimOfConstantImagesIsTheLuminanceTerm() {
        // constant images have zero variance, so SSIM = (2 mx my + C1) / (mx^2 + my^2 + C1) everywhere
        INDArray a = Nd4j.zeros(1, 12, 12).addi(0.2);
        INDArray b = Nd4j.zeros(1, 12, 12).addi(0.6);
        double c1 = 1e-4;
        double expected = (2 * 0.2 * 0.6 + c1) / (0.04 + 0.36 + c1);
        assertThat(Ssim.standard().of(a, b)).isCloseTo(expected, within(1e-6));
    }

    @Test
    void ssimIsSymmetricAndDropsWithNoise() {
        INDArray a = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 3, 20, 20);
        INDArray slightly = a.add(Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 3, 20, 20).muli(0.01));
        INDArray heavily = a.add(Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 3, 20, 20).muli(0.3));
        Ssim ssim = Ssim.standard();
        assertThat(ssim.of(a, slightly)).isCloseTo(ssim.of(slightly, a), within(1e-12));
        assertThat(ssim.of(a, slightly)).isGreaterThan(ssim.of(a, heavily));
    }

    @Test
    void ssimRejectsImagesSmallerThanTheWindow() {
        assertThatThrownBy(() -> Ssim.standard().of(Nd4j.zeros(1, 10, 32), Nd4j.zeros(1, 10, 32)))
                .hasMessageContaining("at least 11x11");
        assertThatThrownBy(() -> Ssim.standard().of(Nd4j.zeros(1, 16, 16), Nd4j.zeros(3, 16, 16)))
                .hasMessageContaining("reference has shape [1, 1, 16, 16] but test has [1, 3, 16, 16]");
        INDArray nan = Nd4j.zeros(1, 16, 16);
        nan.putScalar(new long[] {0, 2, 3}, Float.NaN);
        assertThatThrownBy(() -> Psnr.of(nan, Nd4j.zeros(1, 16, 16))).hasMessageContaining("reference has NaN at flat index 35");
    }

    @Test
    void ssimMapHasTheImageShape() {
        double[] x = new double[12 * 13];
        for (int i = 0; i < x.length; i++) x[i] = (i % 7) / 7.0;
        double[] map = Ssim.standard().map(x, x, 12, 13);
        assertThat(map).hasSize(12 * 13);
        for (double v : map) assertThat(v).isCloseTo(1.0, within(1e-9));
    }
}
