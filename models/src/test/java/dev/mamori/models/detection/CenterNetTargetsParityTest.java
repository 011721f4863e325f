package dev.mamori.models.detection;

import dev.mamori.nn.io.OracleFixture;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CenterNet's targets against its own code ({@code wave2/gaussian_heatmap}): radius, centre, integer centre, index,
 * size, offset of each box and the heatmap with the Gaussians drawn by element-wise maximum.
 */
class CenterNetTargetsParityTest {

    @Test
    void drawsCenterNetsGaussians() {
        OracleFixture f = OracleFixture.load("wave2/gaussian_heatmap");
        int classes = f.config().get("classes").asInt();
        int h = f.config().get("map").get(0).asInt(), w = f.config().get("map").get(1).asInt();
        double minOverlap = f.config().get("min_overlap").asDouble();
        CenterNetTargets targets = new CenterNetTargets(classes, 1, h, w, 8, minOverlap);
        float[][] boxes = f.tensor("boxes").toFloatMatrix();
        long[] cls = f.tensor("classes").toLongVector();
        long[] radius = f.tensor("radius").toLongVector(), ind = f.tensor("ind").toLongVector();
        float[][] center = f.tensor("center").toFloatMatrix(), wh = f.tensor("wh").toFloatMatrix(), offset = f.tensor("offset").toFloatMatrix();
        long[][] centerInt = f.tensor("center_int").toLongMatrix();
        float[] heat = new float[classes * h * w];
        for (int i = 0; i < boxes.length; i++) {
            // boxes are float32 in the fixture; CenterNet computes in float64 from those values
            CenterNetTargets.Encoded e = targets.draw(heat, (int) cls[i] * h * w, boxes[i][0], boxes[i][1], boxes[i][2], boxes[i][3]);
            assertThat(e).as("box %d", i).isNotNull();
            assertThat((long) e.radius()).as("radius of box %d", i).isEqualTo(radius[i]);
            assertThat((long) e.cxInt()).as("centre x of box %d", i).isEqualTo(centerInt[i][0]);
            assertThat((long) e.cyInt()).as("centre y of box %d", i).isEqualTo(centerInt[i][1]);
            assertThat((long) e.index()).as("index of box %d", i).isEqualTo(ind[i]);
            assertThat(e.cx()).isCloseTo(center[i][0], org.assertj.core.data.Offset.offset(1e-5));
            assertThat(e.cy()).isCloseTo(center[i][1], org.assertj.core.data.Offset.offset(1e-5));
            assertThat(e.width()).isCloseTo(wh[i][0], org.assertj.core.data.Offset.offset(1e-5));
            assertThat(e.height()).isCloseTo(wh[i][1], org.assertj.core.data.Offset.offset(1e-5));
            assertThat(e.cx() - e.cxInt()).isCloseTo(offset[i][0], org.assertj.core.data.Offset.offset(1e-5));
            assertThat(e.cy() - e.cyInt()).isCloseTo(offset[i][1], org.assertj.core.data.Offset.offset(1e-5));
        }
        INDArray got = Nd4j.create(heat, new long[]{classes, h, w}, 'c');
        assertThat(OracleFixture.compare("heatmap", got, f.tensor("heatmap"), f.atol(), f.rtol())).isEmpty();
    }

    @Test
    void encodesABatchInImagePixels() {
        CenterNetTargets targets = new CenterNetTargets(2, 4, 16, 16, 3, 0.7);
        CenterNetTargets.Batch b = targets.encode(List.of(
                List.of(new CenterNetTargets.Target(8, 8, 24, 16, 1), new CenterNetTargets.Target(40, 40, 48, 60, 0)),
                List.of()));
        // first object: map box (2, 2, 6, 4), centre (4, 3): index 3 * 16 + 4, size (4, 2), offset 0
        assertThat(b.index().getLong(0, 0)).isEqualTo(3 * 16 + 4);
        assertThat(b.size().getDouble(0, 0, 0)).isEqualTo(4.0);
        assertThat(b.size().getDouble(0, 0, 1)).isEqualTo(2.0);
        assertThat(b.heatmap().getDouble(0, 1, 3, 4)).isEqualTo(1.0);
        // second object: (10, 10, 12, 15): centre (11, 12.5) -> integer (11, 12), offset (0, 0.5)
        assertThat(b.index().getLong(0, 1)).isEqualTo(12 * 16 + 11);
        assertThat(b.offset().getDouble(0, 1, 1)).isEqualTo(0.5);
        assertThat(b.mask().castTo(DataType.DOUBLE).toDoubleMatrix()).isDeepEqualTo(new double[][]{{1, 1, 0}, {0, 0, 0}});
        assertThat(b.heatmap().slice(1).sumNumber().doubleValue()).isZero();
    }
}
