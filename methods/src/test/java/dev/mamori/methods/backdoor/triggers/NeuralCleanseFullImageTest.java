package dev.mamori.methods.backdoor.triggers;

import dev.mamori.methods.backdoor.BackdoorTestData;
import dev.mamori.methods.backdoor.experiment.BackdoorTraining;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Neural Cleanse with a full-image mask (ours): every class's reconstruction is a blend x' = (1 - a) x + a p with one
 * ratio a over the whole image, its L1 is a times the image area, and applying it is that blend.
 */
class NeuralCleanseFullImageTest {

    @Test
    void theFullImageMaskIsOneBlendRatioPerClass() {
        BackdoorTraining.Backdoored b = BackdoorTestData.backdoored("badnets");
        INDArray samples = BackdoorTestData.fashion().samples(10).images();
        NeuralCleanse.Reconstruction rec = NeuralCleanse.builder().steps(15).initialCost(1e-2).maskShape(NeuralCleanse.MaskShape.FULL_IMAGE).build()
                .run(b.model(), samples);
        assertThat(rec.perClass()).hasSize(10);
        for (NeuralCleanse.ClassTrigger t : rec.perClass()) {
            INDArray mask = t.trigger().mask();                       // [1, 28, 28]
            double a = mask.getDouble(0, 0, 0);
            assertThat(a).isBetween(0.0, 1.0);
            assertThat(mask.maxNumber().doubleValue() - mask.minNumber().doubleValue()).as("one value over the image").isLessThan(1e-6);
            assertThat(t.maskL1()).isCloseTo(a * 28 * 28, org.assertj.core.data.Offset.offset(1e-3 * 28 * 28));
            assertThat(t.trigger().describe()).contains("blend ratio");
            INDArray x = samples.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)).dup();
            INDArray expected = x.mul(1 - a).add(t.trigger().pattern().reshape(1, 1, 28, 28).mul(a));
            assertThat(t.trigger().apply(x).equalsWithEps(expected, 1e-5)).as("applying it blends the pattern in").isTrue();
        }
        // the per-pixel reference form is unchanged: its masks vary over the image
        NeuralCleanse.Reconstruction pixel = NeuralCleanse.builder().steps(15).initialCost(1e-2).build().run(b.model(), samples);
        INDArray m = pixel.trigger().mask();
        assertThat(m.maxNumber().doubleValue() - m.minNumber().doubleValue()).isGreaterThan(1e-3);
    }
}
