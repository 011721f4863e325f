package dev.mamori.methods.sketch2photo;

import dev.mamori.data.Dataset;
import dev.mamori.data.FloatImage;
import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.data.emoji.SketchPair;
import dev.mamori.methods.testing.RealDatasets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EdgeStandardizerTest {

    @Test
    void aBlankImageHasNoEdgesAndAStepHasOne() {
        INDArray blank = Nd4j.ones(1, 3, 16, 16);
        assertThat(EdgeStandardizer.defaults().apply(blank).sumNumber().doubleValue()).isZero();
        INDArray step = Nd4j.ones(1, 3, 16, 16);
        step.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8)).assign(0);
        INDArray e = new EdgeStandardizer(0.8, 1.6, 0).apply(step);
        // the edge lies along the step (between columns 7 and 8, widened by the blur), nowhere else
        for (int r = 0; r < 16; r++) {
            for (int x = 0; x < 16; x++) assertThat(e.getDouble(0, 0, r, x)).as("(%d, %d)", r, x).isEqualTo(x >= 6 && x <= 9 ? 1.0 : 0.0);
        }
    }

    /**
     * The ablation's training condition is the same detector without the standardization step: continuous magnitudes that
     * follow the boundary's contrast (a half-contrast step gives half), zero where the image is flat, and the standardized
     * map is exactly the hysteresis-thresholded magnitude (every pixel over the high threshold is an edge, none under the low).
     */
    @Test
    void theRawMagnitudeIsTheDetectorBeforeThresholding() {
        INDArray full = Nd4j.ones(1, 3, 16, 16), half = Nd4j.ones(1, 3, 16, 16);
        full.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8)).assign(0);
        half.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8)).assign(0.5);
        INDArray m = EdgeStandardizer.magnitude(full), mh = EdgeStandardizer.magnitude(half);
        assertThat(m.shape()).containsExactly(1, 1, 16, 16);
        // a sharp step blurred to (0, 1/4, 3/4, 1): Sobel 3 on the two middle columns, 1 beside them; divided by 4
        assertThat(m.getDouble(0, 0, 5, 7)).isCloseTo(0.75, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(m.getDouble(0, 0, 5, 6)).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(m.getDouble(0, 0, 5, 2)).isZero();
        assertThat(mh.getDouble(0, 0, 5, 7)).isCloseTo(0.375, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(EdgeStandardizer.magnitude(Nd4j.ones(2, 3, 8, 8)).sumNumber().doubleValue()).isZero();
        // on real-looking content: a random colour image's standardized edges are the thresholded magnitude
        INDArray noise = dev.mamori.nn.util.RandomArrays.uniform(new java.util.SplittableRandom(3), 0, 1, 2, 3, 16, 16).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        EdgeStandardizer s = EdgeStandardizer.defaults();
        INDArray mag = EdgeStandardizer.magnitude(noise).mul(EdgeStandardizer.STEP), edges = s.apply(noise);
        for (int i = 0; i < mag.length(); i++) {
            double v = mag.getDouble(i), e = edges.getDouble(i);
            if (v >= s.high() + 1e-4) assertThat(e).as("over the high threshold").isEqualTo(1);
            if (v < s.low() - 1e-4) assertThat(e).as("under the low threshold").isEqualTo(0);
        }
        assertThatThrownBy(() -> EdgeStandardizer.magnitude(Nd4j.ones(3, 16, 16))).hasMessageContaining("[N, 3 or 1, H, W]");
    }

    @Test
    void badSettingsAreClearErrors() {
        assertThatThrownBy(() -> new EdgeStandardizer(0.9, 0.5, 1)).hasMessageContaining("low <= high");
        assertThatThrownBy(() -> EdgeStandardizer.defaults().apply(Nd4j.ones(3, 16, 16))).hasMessageContaining("[N, 3 or 1, H, W]");
    }

    /**
     * The paper's premise on real data: a colour emoji and its own hand-drawn line art (drawn separately by OpenMoji's
     * designers, not extracted from the colour image) land close together in the standardized edge domain - much closer
     * than to another emoji's line art, and closer than the raw sketch is to the colour image's edges.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aPhotoAndItsOwnLineArtMapCloseTogether() throws IOException {
        DataCatalog catalog = RealDatasets.require("openmoji-sketch");
        Dataset<SketchPair> test = (Dataset<SketchPair>) catalog.open("openmoji-sketch:size=32", "test");
        // one emoji per identity: skin-tone variants share their line art, so they would count as another emoji's match
        java.util.List<SketchPair> distinct = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < test.size() && distinct.size() < 200; i++) if (seen.add(test.get(i).emoji().identity())) distinct.add(test.get(i));
        int n = distinct.size();
        INDArray colour = stack(distinct, n, true), lineArt = stack(distinct, n, false);
        EdgeStandardizer s = EdgeStandardizer.defaults();
        INDArray colourEdges = s.apply(colour), sketchEdges = s.apply(lineArt);
        double own = mean(EdgeAgreement.dice(colourEdges, sketchEdges));
        INDArray shifted = Nd4j.concat(0, sketchEdges.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, n)),
                sketchEdges.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)));
        double other = mean(EdgeAgreement.dice(colourEdges, shifted));
        INDArray rawSketch = EdgeStandardizer.darkness(lineArt).gt(0.5).castTo(colourEdges.dataType());
        double raw = mean(EdgeAgreement.dice(colourEdges, rawSketch));
        double[] ownRows = EdgeAgreement.dice(colourEdges, sketchEdges), otherRows = EdgeAgreement.dice(colourEdges, shifted);
        int closer = 0;
        for (int i = 0; i < n; i++) if (ownRows[i] > otherRows[i]) closer++;
        int nearest = 0;
        for (int i = 0; i < n; i++) {
            double[] row = new double[n];
            INDArray ci = colourEdges.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1));
            for (int j = 0; j < n; j++) row[j] = EdgeAgreement.dice(ci, sketchEdges.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(j, j + 1)))[0];
            int best = 0;
            for (int j = 1; j < n; j++) if (row[j] > row[best]) best = j;
            if (best == i) nearest++;
        }
        System.out.printf("edge standardization on %d openmoji-sketch test pairs: Dice own %.3f, other %.3f, raw sketch %.3f, own nearest %d/%d, own above other %d/%d%n",
                n, own, other, raw, nearest, n, closer, n);
        assertThat(own).isGreaterThan(0.6);
        assertThat(own).isGreaterThan(other + 0.3);
        assertThat(own).isGreaterThan(raw + 0.1);
        assertThat(nearest).isGreaterThan(n * 9 / 10);
        assertThat(closer).isGreaterThan(n * 9 / 10);
    }

    static INDArray stack(java.util.List<SketchPair> data, int n, boolean colour) {
        FloatImage first = data.get(0).image().toFloat();
        int len = first.channels() * first.height() * first.width();
        float[] px = new float[n * len];
        for (int i = 0; i < n; i++) {
            SketchPair p = data.get(i);
            System.arraycopy((colour ? p.colour() : p.lineArt()).toFloat().pixels(), 0, px, i * len, len);
        }
        return Nd4j.create(px, new long[]{n, first.channels(), first.height(), first.width()}, 'c');
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }
}
