package dev.mamori.methods.diffusion;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.models.diffusion.SkipConnections;
import dev.mamori.models.diffusion.UNet2DConditionModel;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.util.RandomArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fine-tuning a trained UNet with an extra condition channel starts from exactly the trained model: the widened copy
 * predicts what the original does whatever the condition channel holds, and it is a copy (training it leaves the
 * original untouched, so every seed starts from the same model).
 */
class WidenedUnetTest {

    @Test
    void theWidenedCopyStartsAsTheTrainedUnetWhateverTheCondition() {
        Init.seed(3);
        UNet2DConditionModel trained = new UNet2DConditionModel(new UNet2DConditionModel.Config(4, 4, 4, new int[]{16, 32}, new boolean[]{true, true},
                1, 2, 16, 1, 8, 1e-5, false, SkipConnections.EVERY_LAYER));
        trained.eval();
        UNet2DConditionModel wide = LatentDiffusionTraining.widened(trained, 1);
        wide.eval();
        assertThat(wide.config.inChannels()).isEqualTo(5);
        SplittableRandom r = new SplittableRandom(4);
        INDArray latents = RandomArrays.normal(r, 0, 1, 2, 4, 4, 4).castTo(DataType.FLOAT);
        INDArray edges = RandomArrays.uniform(r, 0, 1, 2, 1, 4, 4).castTo(DataType.FLOAT);
        INDArray context = RandomArrays.normal(r, 0, 1, 2, 3, 16).castTo(DataType.FLOAT);
        try (GradMode.Scope off = GradMode.noGrad()) {
            INDArray expected = trained.call(Tensor.of(latents), new long[]{10, 500}, Tensor.of(context)).value();
            INDArray got = wide.call(Tensor.of(Nd4j.concat(1, latents, edges)), new long[]{10, 500}, Tensor.of(context)).value();
            assertThat(got.equalsWithEps(expected, 1e-5)).as("same prediction before fine-tuning").isTrue();
        }
        // a copy, not a view: changing the widened model's weights leaves the trained one as it was
        INDArray before = trained.convIn.weight.value().dup();
        wide.convIn.weight.value().addi(1);
        assertThat(trained.convIn.weight.value().equalsWithEps(before, 0)).isTrue();
        assertThat(wide.convIn.weight.value().get(NDArrayIndex.all(), NDArrayIndex.point(4)).sumNumber().doubleValue())
                .isCloseTo(16 * 9, org.assertj.core.data.Offset.offset(1e-3));
    }
}
