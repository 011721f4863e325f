package dev.mamori.methods.encryption.attacks;

import dev.mamori.autograd.Tensor;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.encryption.catalog.SchemeOptions;
import dev.mamori.methods.testing.TestImages;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Conv2d;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class InverseTranslationTest {

    @Test
    void everyImageGetsItsOwnKey() {
        KeyGeometry g = new KeyGeometry(3, 8, 8, 4);
        INDArray x = TestImages.eightBit(1, 1, 3, 8, 8);
        INDArray twice = Nd4j.concat(0, x, x);
        INDArray y = InverseTranslation.encryptEachWithFreshKey(Scheme.ETC, SchemeOptions.defaults(), g, twice, new SplittableRandom(2));
        assertThat(TestImages.maxAbsDiff(y.get(NDArrayIndex.point(0)), y.get(NDArrayIndex.point(1)))).isGreaterThan(0.3);
    }

    @Test
    void reconstructionTrainingLowersTheLoss() {
        // an easy target (a fixed linear map of the input) that a 1x1 convolution can learn
        Module model = new Conv2d(2, 2, 1);
        INDArray x = TestImages.uniform(1, org.nd4j.linalg.api.buffer.DataType.FLOAT, 16, 2, 4, 4);
        INDArray target = x.mul(0.5).add(0.25);
        ReconstructionTraining.Outcome first = ReconstructionTraining.fit(model, step -> new ReconstructionTraining.Pairs(x, target),
                new ReconstructionTraining.Settings(1, 16, 0.01, 0, 1), TrainingCheckpoints.NONE);
        ReconstructionTraining.Outcome later = ReconstructionTraining.fit(model, step -> new ReconstructionTraining.Pairs(x, target),
                new ReconstructionTraining.Settings(200, 16, 0.05, 0, 1), TrainingCheckpoints.NONE);
        assertThat(later.finalLoss()).isLessThan(first.finalLoss() / 10);
        double mse = model.call(Tensor.of(x)).value().squaredDistance(target) / target.length();
        assertThat(mse).isLessThan(first.finalLoss() / 10);
    }

    @Test
    void theBaselineReportsSimilaritiesOfEncryptionsAndReconstructions() {
        KeyGeometry g = new KeyGeometry(1, 16, 16, 4);
        INDArray all = NeuraCryptBreakTest.smoothImages(120, 1, 16, 3);
        INDArray train = all.get(NDArrayIndex.interval(0, 100)).dup(), test = all.get(NDArrayIndex.interval(100, 120)).dup();
        InverseTranslation.Result r = InverseTranslation.run(Scheme.PE, SchemeOptions.defaults(), g, train, test,
                new InverseTranslation.Config(40, 8, 3e-3, 4, 1, 5), 4, TrainingCheckpoints.NONE, null);
        assertThat(r.scheme()).isEqualTo("pe");
        assertThat(r.encrypted().images()).isEqualTo(20);
        assertThat(r.examplePlain().shape()).containsExactly(4, 1, 16, 16);
        assertThat(r.exampleEncrypted().shape()).containsExactly(4, 1, 16, 16);
        assertThat(r.exampleReconstructed().shape()).containsExactly(4, 1, 16, 16);
        assertThat(r.reconstructed().psnr().value()).isFinite();
        // pixel-based negative/positive of gray images keeps |v - 0.5|: a U-Net learns a lot back even from this little training
        assertThat(r.reconstructed().ssim().value()).isGreaterThan(r.encrypted().ssim().value());
    }
}
