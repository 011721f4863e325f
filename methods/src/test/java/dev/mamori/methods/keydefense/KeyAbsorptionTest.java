package dev.mamori.methods.keydefense;

import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.crypto.blockwise.TransformChain;
import dev.mamori.methods.testing.TestImages;
import dev.mamori.models.Classifier;
import dev.mamori.models.Normalized;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.mamori.methods.keydefense.KeyedModels.logits;
import static dev.mamori.methods.keydefense.KeyedModels.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Absorbing a key into the patch embedding of registry ViTs and ConvMixers (random weights): the keyed model on
 * transformed images gives the plain model's logits on plain images (max abs diff <= 1e-5 in float32), and
 * un-absorbing gives the plain weights back.
 */
class KeyAbsorptionTest {
    static final double TOLERANCE = 1e-5;

    /** (registry model, channels, patch size, key kinds of the chain) */
    static Stream<Arguments> cases() {
        List<Arguments> out = new java.util.ArrayList<>();
        for (Object[] m : new Object[][]{{"vit_mini_patch4_28", 1, 4}, {"convmixer_128_8", 1, 4}, {"colour_vit", 3, 4}, {"colour_convmixer", 3, 2}}) {
            out.add(Arguments.of(m[0], m[1], m[2], List.of(TransformKind.SHUFFLE)));
            out.add(Arguments.of(m[0], m[1], m[2], List.of(TransformKind.NEGATIVE_POSITIVE)));
            if ((int) m[1] == 3) out.add(Arguments.of(m[0], m[1], m[2], List.of(TransformKind.SHUFFLE, TransformKind.NEGATIVE_POSITIVE)));
        }
        return out.stream();
    }

    static TransformChain chain(List<TransformKind> kinds, int blockSize, int channels, long seed) {
        return TransformChain.of(kinds.stream().map(k -> SecretKey.fromSeed(k, blockSize, channels, seed + k.ordinal() * 1000L)).toArray(SecretKey[]::new));
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("cases")
    void keyedModelOnTransformedImagesEqualsPlainModel(String name, int channels, int patch, List<TransformKind> kinds) {
        Classifier plain = KeyedModels.byName(name, 7);
        int size = plain.imageSize();
        INDArray x = KeyedModels.varied(3, 2, channels, size);
        Map<String, INDArray> plainState = ModelSpec.copyState(plain.stateDict());
        INDArray want = logits(plain, x);
        assertThat(KeyedModels.spread(want)).as("the plain logits depend on the image").isGreaterThan(1e-2);
        TransformChain key = chain(kinds, patch, channels, 11);

        KeyedClassifier keyed = KeyAbsorption.absorb(plain, key);
        // KeyedClassifier.call(x) = absorbed(T(x))
        assertThat(TestImages.maxAbsDiff(logits(keyed, x), want)).isLessThanOrEqualTo(TOLERANCE);
        // the absorbed weights are really different: on untransformed images the absorbed network is not the plain one
        assertThat(TestImages.maxAbsDiff(logits(keyed.model, x), want)).isGreaterThan(1e-3);
        // the plain model was not touched
        plain.stateDict().forEach((k, v) -> assertThat(TestImages.maxAbsDiff(v, plainState.get(k))).as(k).isEqualTo(0.0));

        Classifier back = KeyAbsorption.unabsorb(keyed);
        assertThat(TestImages.maxAbsDiff(logits(back, x), want)).isLessThanOrEqualTo(TOLERANCE);
        back.stateDict().forEach((k, v) -> assertThat(TestImages.maxAbsDiff(v, plainState.get(k))).as(k).isLessThanOrEqualTo(1e-6));
    }

    @Test
    void shufflingIsAColumnPermutationOfTheEmbeddingAndNegativePositiveASignFlipWithBiasShift() {
        Classifier plain = KeyedModels.uncalibrated("vit_mini_patch4_28", 1);
        SecretKey shuffle = SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 5);
        INDArray e = KeyAbsorption.patchEmbedding(plain).weight.value().reshape(96, 16);
        INDArray eShuffled = KeyAbsorption.patchEmbedding(KeyAbsorption.absorb(plain, shuffle).model).weight.value().reshape(96, 16);
        int[] perm = shuffle.permutation(); // one channel: the block vector index is the weight's (row, col) index
        for (int i = 0; i < 16; i++) {
            assertThat(TestImages.maxAbsDiff(eShuffled.getColumn(i), e.getColumn(perm[i]))).isEqualTo(0.0); // E' = E P^T
        }
        SecretKey np = SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 4, 1, 6);
        var conv = KeyAbsorption.patchEmbedding(KeyAbsorption.absorb(plain, np).model);
        INDArray eNp = conv.weight.value().reshape(96, 16);
        boolean[] mask = np.mask();
        INDArray shift = org.nd4j.linalg.factory.Nd4j.zeros(DataType.DOUBLE, 96);
        for (int i = 0; i < 16; i++) {
            INDArray want = mask[i] ? e.getColumn(i).neg() : e.getColumn(i);
            assertThat(TestImages.maxAbsDiff(eNp.getColumn(i), want)).isEqualTo(0.0);
            if (mask[i]) shift.addi(e.getColumn(i).castTo(DataType.DOUBLE));
        }
        INDArray b = KeyAbsorption.patchEmbedding(plain).bias.value().castTo(DataType.DOUBLE);
        assertThat(TestImages.maxAbsDiff(conv.bias.value(), b.add(shift))).isLessThan(1e-6);
    }

    @Test
    void blocksSmallerThanThePatchAreAbsorbedToo() {
        Classifier plain = KeyedModels.colourVit(2);
        INDArray x = KeyedModels.varied(4, 2, 3, 16);
        KeyedClassifier keyed = KeyAbsorption.absorb(plain, SecretKey.fromSeed(TransformKind.SHUFFLE, 2, 3, 8));
        assertThat(TestImages.maxAbsDiff(logits(keyed, x), logits(plain, x))).isLessThanOrEqualTo(TOLERANCE);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"colour_vit", "colour_convmixer"})
    void normalizationWithDifferentChannelStatisticsIsFoldedIntoTheEmbedding(String name) {
        Classifier inner = KeyedModels.byName(name, 3);
        int patch = name.endsWith("vit") ? 4 : 2;
        Normalized plain = new Normalized(inner, new double[]{0.49, 0.48, 0.45}, new double[]{0.25, 0.24, 0.26});
        plain.eval();
        INDArray x = KeyedModels.varied(5, 2, 3, 16);
        INDArray want = logits(plain, x);
        assertThat(KeyedModels.spread(want)).isGreaterThan(1e-2);
        Classifier folded = KeyAbsorption.foldNormalization(plain);
        assertThat(folded).isNotInstanceOf(Normalized.class);
        assertThat(TestImages.maxAbsDiff(logits(folded, x), want)).isLessThanOrEqualTo(TOLERANCE);
        for (List<TransformKind> kinds : List.of(List.of(TransformKind.NEGATIVE_POSITIVE), List.of(TransformKind.SHUFFLE, TransformKind.NEGATIVE_POSITIVE))) {
            KeyedClassifier keyed = KeyAbsorption.absorb(plain, chain(kinds, patch, 3, 21));
            assertThat(keyed.model).isNotInstanceOf(Normalized.class);
            assertThat(TestImages.maxAbsDiff(logits(keyed, x), want)).as(kinds.toString()).isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void refusesWhatCannotBeAbsorbedWithClearMessages() {
        Classifier vit = KeyedModels.uncalibrated("vit_mini_patch4_28", 4);
        assertThatThrownBy(() -> KeyAbsorption.absorb(vit, SecretKey.fromSeed(TransformKind.FFX, 4, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ffx key cannot be absorbed").hasMessageContaining("not linear");
        assertThatThrownBy(() -> KeyAbsorption.absorb(vit, SecretKey.fromSeed(TransformKind.SHUFFLE, 7, 1, 1)))
                .hasMessageContaining("block size 7");
        assertThatThrownBy(() -> KeyAbsorption.absorb(KeyedModels.uncalibrated("convmixer_256_8", 1), SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 3, 1)))
                .hasMessageContaining("cannot absorb a key of block size 4 into patches of size 2");
        assertThatThrownBy(() -> KeyAbsorption.absorb(vit, SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 3, 1)))
                .hasMessageContaining("3 channels");
        assertThatThrownBy(() -> KeyAbsorption.absorb(KeyedModels.uncalibrated("resnet_mini_cifar", 1), SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 1)))
                .hasMessageContaining("ViT or ConvMixer").hasMessageContaining("ResNet");
        KeyedClassifier ffx = new KeyedClassifier(SecretKey.fromSeed(TransformKind.FFX, 4, 1, 1), vit);
        assertThatThrownBy(() -> KeyAbsorption.unabsorb(ffx)).hasMessageContaining("ffx key cannot be absorbed");
    }
}
