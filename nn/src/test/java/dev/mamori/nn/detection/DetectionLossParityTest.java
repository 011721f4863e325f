package dev.mamori.nn.detection;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.Tensor;
import dev.mamori.nn.io.OracleFixture;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The differentiable detection ops against PyTorch: CenterNet's focal loss and its input gradient
 * ({@code wave2/focal_loss_centernet}), torchvision's box_iou and generalized_box_iou with the gradients of
 * sum(giou(boxes, targets) * upstream) with respect to both box sets ({@code wave2/box_ops}).
 */
class DetectionLossParityTest {

    @Test
    void focalLossMatchesCenterNet() {
        OracleFixture f = OracleFixture.load("wave2/focal_loss_centernet");
        Tensor logits = Tensor.variable(f.tensor("input"));
        Tensor loss = CenterNetLosses.focal(logits, f.tensor("gt"));
        assertThat(f.tensor("num_pos").getDouble(0)).isGreaterThan(0);
        assertThat(OracleFixture.compare("loss", loss.value().reshape(1), f.tensor("loss"), f.atol(), f.rtol())).isEmpty();
        INDArray grad = Autograd.grad(loss, List.of(logits)).get(0);
        assertThat(OracleFixture.compare("grad.input", grad, f.tensor("grad.input"), f.atol(), f.rtol())).isEmpty();
    }

    @Test
    void focalLossWithoutCentresIsTheNegativePart() {
        INDArray logits = Nd4j.createFromArray(new float[]{-1f, 0.5f, 2f, -3f}).reshape(1, 1, 2, 2);
        INDArray gt = Nd4j.createFromArray(new float[]{0f, 0.5f, 0.9f, 0f}).reshape(1, 1, 2, 2);
        double want = 0;
        double[] x = {-1, 0.5, 2, -3}, g = {0, 0.5, 0.9, 0};
        for (int i = 0; i < 4; i++) {
            double p = Math.min(Math.max(1 / (1 + Math.exp(-x[i])), 1e-4), 1 - 1e-4);
            want -= Math.log(1 - p) * p * p * Math.pow(1 - g[i], 4);
        }
        assertThat(CenterNetLosses.focal(Tensor.of(logits), gt).item()).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void boxIouAndGeneralizedIouMatchTorchvision() {
        OracleFixture f = OracleFixture.load("wave2/box_ops");
        Tensor boxes = Tensor.variable(f.tensor("boxes"));
        Tensor targets = Tensor.variable(f.tensor("targets"));
        assertThat(OracleFixture.compare("iou", BoxIou.iou(boxes, boxes).value(), f.tensor("iou"), f.atol(), f.rtol())).isEmpty();
        assertThat(OracleFixture.compare("giou", BoxIou.generalizedIou(boxes, boxes).value(), f.tensor("giou"), f.atol(), f.rtol())).isEmpty();
        assertThat(OracleFixture.compare("iou_targets", BoxIou.iou(boxes, targets).value(), f.tensor("iou_targets"), f.atol(), f.rtol())).isEmpty();
        Tensor giou = BoxIou.generalizedIou(boxes, targets);
        assertThat(OracleFixture.compare("giou_targets", giou.value(), f.tensor("giou_targets"), f.atol(), f.rtol())).isEmpty();
        Tensor loss = giou.mul(Tensor.of(f.tensor("upstream"))).sum();
        List<INDArray> grads = Autograd.grad(loss, List.of(boxes, targets));
        assertThat(OracleFixture.compare("grad.boxes", grads.get(0), f.tensor("grad.boxes"), f.atol(), f.rtol())).isEmpty();
        assertThat(OracleFixture.compare("grad.targets", grads.get(1), f.tensor("grad.targets"), f.atol(), f.rtol())).isEmpty();
    }

    @Test
    void regL1ReadsTheMapAtTheCentres() {
        // map [1, 2, 2, 3]: component 0 holds 0..5, component 1 holds 10..15 (row-major over the 2 x 3 cells)
        INDArray map = Nd4j.createFromArray(new float[]{0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15}).reshape(1, 2, 2, 3);
        INDArray ind = Nd4j.createFromArray(new long[][]{{4, 0, 1}});       // cells (1, 1), (0, 0), (0, 1)
        INDArray mask = Nd4j.createFromArray(new float[][]{{1, 1, 0}});     // the third slot is empty
        INDArray target = Nd4j.createFromArray(new float[][][]{{{5, 14}, {1, 10}, {100, 100}}});
        Tensor m = Tensor.variable(map);
        Tensor loss = CenterNetLosses.regL1(m, ind, mask, target);
        // |4 - 5| + |14 - 14| + |0 - 1| + |10 - 10| = 2, over 2 slots x 2 components
        assertThat(loss.item()).isCloseTo(2 / (4 + 1e-4), org.assertj.core.data.Offset.offset(1e-6));
        INDArray g = Autograd.grad(loss, List.of(m)).get(0).castTo(DataType.DOUBLE);
        assertThat(g.getDouble(0, 0, 1, 1)).isCloseTo(-1 / (4 + 1e-4), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(g.getDouble(0, 0, 0, 0)).isCloseTo(-1 / (4 + 1e-4), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(g.getDouble(0, 0, 0, 1)).isZero();
    }
}
