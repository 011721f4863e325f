package dev.mamori.methods.keydefense.adaptive;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.methods.attacks.AttackResult;
import dev.mamori.methods.attacks.Pgd;
import dev.mamori.methods.attacks.SanityChecks;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.crypto.blockwise.BlockFfx;
import dev.mamori.methods.crypto.blockwise.FfxVariant;
import dev.mamori.methods.crypto.blockwise.TransformChain;
import dev.mamori.methods.keydefense.KeyedClassifier;
import dev.mamori.models.Classifier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FFX with its true derivative against BPDA through it, for an attacker holding the key: as published, FFX quantizes
 * every pixel, so its true gradient is zero everywhere; our variant leaves unmasked pixels alone, so there the true
 * derivative is one.
 */
class FfxGradientsTest {
    private final KeyedClassifier keyed = new KeyedClassifier(SecretKey.fromSeed(TransformKind.FFX, 4, 1, 5), new LinearPixelModel(1));
    private final INDArray images = KeySearchTest.noise(3, 100);

    private int[] ownPredictions() {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return keyed.call(Tensor.of(images)).value().argMax(1).toIntVector();
        }
    }

    private static INDArray inputGradient(Classifier model, INDArray x) {
        Tensor v = Tensor.variable(x.dup());
        return Autograd.grad(model.call(v).sum(), List.of(v)).get(0);
    }

    @Test
    void bothViewsComputeTheKeyedModelsLogits() {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            INDArray expected = keyed.call(Tensor.of(images)).value();
            assertThat(FfxGradients.bpda(keyed).call(Tensor.of(images)).value().equalsWithEps(expected, 1e-5)).isTrue();
            assertThat(FfxGradients.trueGradient(keyed).call(Tensor.of(images)).value().equalsWithEps(expected, 1e-5)).isTrue();
        }
    }

    @Test
    void theTrueGradientVanishesAndBpdaDoesNot() {
        INDArray x = images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4));
        assertThat(inputGradient(FfxGradients.trueGradient(keyed), x).amaxNumber().doubleValue()).isZero();
        assertThat(inputGradient(FfxGradients.bpda(keyed), x).amaxNumber().doubleValue()).isGreaterThan(0.01);
        int[] y = ownPredictions();
        assertThat(SanityChecks.zeroGradients(FfxGradients.trueGradient(keyed), images, y, null)).isPresent();
        assertThat(SanityChecks.zeroGradients(FfxGradients.bpda(keyed), images, y, null)).isEmpty();
    }

    @Test
    void theTrueGradientIsThatOfTheTransformInUse() {
        SecretKey key = SecretKey.fromSeed(TransformKind.FFX, 4, 1, 5);
        KeyedClassifier ours = new KeyedClassifier(TransformChain.of(List.of(new BlockFfx(key, FfxVariant.MASKED_ROUNDED))), new LinearPixelModel(1));
        INDArray x = images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2));
        INDArray g = inputGradient(FfxGradients.trueGradient(ours), x);
        boolean[] mask = key.mask();
        int zeros = 0, passed = 0;
        for (int n = 0; n < 2; n++) {
            for (int h = 0; h < 28; h++) {
                for (int w = 0; w < 28; w++) {
                    boolean masked = mask[(h % 4) * 4 + w % 4];
                    double value = g.getDouble(n, 0, h, w);
                    if (masked) {
                        assertThat(value).as("masked pixel (%d,%d): quantized, derivative 0", h, w).isZero();
                        zeros++;
                    } else if (value != 0) {
                        passed++;
                    }
                }
            }
        }
        assertThat(zeros).isEqualTo(2 * 49 * 7);
        assertThat(passed).as("unmasked pixels pass the gradient through").isGreaterThan(2 * 49 * 9 / 2);
        // the published variant (the default) quantizes every pixel: nothing passes
        assertThat(((BlockFfx) keyed.transform().steps().get(0)).variant()).isEqualTo(FfxVariant.PUBLISHED);
        assertThat(inputGradient(FfxGradients.trueGradient(keyed), x).amaxNumber().doubleValue()).isZero();
    }

    @Test
    void bpdaIsAFarStrongerAttackThanTheTrueGradient() {
        int[] y = ownPredictions();
        double eps = 8 / 255.0;
        AttackResult masked = Pgd.linf(FfxGradients.trueGradient(keyed), eps).steps(10).seed(1).run(images, y);
        AttackResult bpda = Pgd.linf(FfxGradients.bpda(keyed), eps).steps(10).seed(1).run(images, y);
        // measured: 50/100 survive the true gradient (only the random start moves anything: FFX scrambles masked values
        // that move by one 8-bit level), 4/100 survive BPDA
        assertThat(bpda.robustAccuracy().value()).isLessThan(0.15);
        assertThat(masked.robustAccuracy().value() - bpda.robustAccuracy().value()).isGreaterThan(0.3);
        AttackResult noStart = Pgd.linf(FfxGradients.trueGradient(keyed), eps).steps(10).randomStart(false).seed(1).run(images, y);
        assertThat(noStart.robustAccuracy().successes()).isEqualTo(100); // a zero gradient never moves the input
    }

    @Test
    void theWhiteBoxReferenceGoesThroughBpda() {
        KeyedTarget target = KeyedTarget.of(keyed);
        int[] y = ownPredictions();
        AttackOutcome white = KeyedAttacks.whiteBox("white_box", target, m -> Pgd.linf(m, 8 / 255.0).steps(10).seed(1)).run(images, y).get(0);
        assertThat(white.robustAccuracy().value()).isLessThan(0.15);
        assertThat(white.knowledge().key()).isEqualTo(KeyKnowledge.RIGHT_KEY);
        assertThat(white.knowledge().queriesPerExample()).isGreaterThan(1);
    }
}
