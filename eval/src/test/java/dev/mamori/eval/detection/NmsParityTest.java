package dev.mamori.eval.detection;

import dev.mamori.nn.io.OracleFixture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** torchvision's nms and batched_nms ({@code wave2/box_ops}): the kept indices, exactly, in their order. */
class NmsParityTest {

    @Test
    void nmsAndBatchedNmsKeepWhatTorchvisionKeeps() {
        OracleFixture f = OracleFixture.load("wave2/box_ops");
        float[][] b = f.tensor("boxes").toFloatMatrix();
        double[][] boxes = new double[b.length][];
        for (int i = 0; i < b.length; i++) boxes[i] = new double[]{b[i][0], b[i][1], b[i][2], b[i][3]};
        float[] s = f.tensor("scores").toFloatVector();
        double[] scores = new double[s.length];
        for (int i = 0; i < s.length; i++) scores[i] = s[i];
        long[] c = f.tensor("classes").toLongVector();
        int[] classes = new int[c.length];
        for (int i = 0; i < c.length; i++) classes[i] = (int) c[i];
        assertThat(Nms.nms(boxes, scores, 0.5)).containsExactly(toInts(f.tensor("keep").toLongVector()));
        assertThat(Nms.batchedNms(boxes, scores, classes, 0.5)).containsExactly(toInts(f.tensor("keep_batched").toLongVector()));
    }

    @Test
    void suppressionIsStrictlyAboveTheThreshold() {
        double[][] boxes = {{0, 0, 10, 10}, {0, 0, 5, 10}};                   // IoU exactly 0.5
        assertThat(Nms.nms(boxes, new double[]{0.9, 0.8}, 0.5)).containsExactly(0, 1);
        assertThat(Nms.nms(boxes, new double[]{0.9, 0.8}, 0.49)).containsExactly(0);
        assertThat(Nms.batchedNms(boxes, new double[]{0.9, 0.8}, new int[]{0, 1}, 0.1)).containsExactly(0, 1);
    }

    private static int[] toInts(long[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (int) v[i];
        return out;
    }
}
