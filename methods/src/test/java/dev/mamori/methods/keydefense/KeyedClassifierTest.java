package dev.mamori.methods.keydefense;

import dev.mamori.autograd.Tensor;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.crypto.blockwise.BlockTransform;
import dev.mamori.methods.testing.KeyLeaks;
import dev.mamori.methods.testing.TestImages;
import dev.mamori.models.Classifier;
import dev.mamori.nn.layers.BatchNorm2d;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import static dev.mamori.methods.keydefense.KeyedModels.logits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Transform then model: forward values, input gradients (exact or BPDA), batch norms with frozen parameters. */
class KeyedClassifierTest {

    @ParameterizedTest
    @EnumSource(TransformKind.class)
    void forwardIsTheModelOnTransformedImagesAndGradientsGoBackThroughTheTransform(TransformKind kind) {
        SecretKey key = SecretKey.fromSeed(kind, 4, 1, 3);
        Classifier model = KeyedModels.tinyVit(8);
        KeyedClassifier keyed = new KeyedClassifier(key, model);
        INDArray x = KeyedModels.varied(1, 3, 1, 28);
        INDArray tx = BlockTransform.forKey(key).apply(x);
        assertThat(TestImages.maxAbsDiff(logits(keyed, x), logits(model, tx))).isLessThan(1e-6);
        assertThat(TestImages.maxAbsDiff(keyed.transformImages(x), tx)).isEqualTo(0.0);

        Tensor input = Tensor.variable(x.dup());
        keyed.call(input).sum().backward();
        Tensor transformed = Tensor.variable(tx.dup());
        model.call(transformed).sum().backward();
        // d/dx model(T(x)) = J_T^T g with g the model's input gradient at T(x)
        INDArray g = transformed.grad();
        INDArray want = switch (kind) {
            case SHUFFLE -> BlockTransform.forKey(key).inverse(g); // routed back through the inverse permutation
            case NEGATIVE_POSITIVE -> {
                // v' = 1 - v on the masked positions: there the gradient is -g, elsewhere g
                INDArray sign = BlockTransform.forKey(key).apply(org.nd4j.linalg.factory.Nd4j.onesLike(g)).mul(2).sub(1);
                yield g.mul(sign);
            }
            case FFX -> g; // BPDA: the identity
        };
        assertThat(TestImages.maxAbsDiff(input.grad(), want)).isLessThan(1e-6);
        assertThat(keyed.transform().isDifferentiable()).isEqualTo(kind != TransformKind.FFX);
    }

    @Test
    void batchNormsWithFrozenParametersKeepTheirStatisticsInTrainingMode() {
        KeyedClassifier keyed = new KeyedClassifier(SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 1), KeyedModels.tinyConvMixer(2));
        keyed.train();
        assertThat(keyed.namedModules().values().stream().filter(m -> m instanceof BatchNorm2d)).allMatch(m -> m.isTraining());
        keyed.freeze("model.blocks.*");
        keyed.train();
        keyed.namedModules().forEach((path, m) -> {
            if (m instanceof BatchNorm2d) assertThat(m.isTraining()).as(path).isEqualTo(!path.startsWith("model.blocks."));
        });
        assertThat(keyed.isTraining()).isTrue();
        keyed.eval();
        assertThat(keyed.namedModules().values()).allMatch(m -> !m.isTraining());
    }

    @Test
    void namesAndDescriptionsShowFingerprintsOnly() {
        SecretKey key = SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 5);
        KeyedClassifier keyed = new KeyedClassifier(key, KeyedModels.tinyVit(1));
        assertThat(keyed.namedParameters().keySet()).contains("model.patch_embed.proj.weight", "model.head.bias");
        assertThat(keyed.toString()).contains("shuffle(M=4, C=1, " + key.id() + ")");
        assertThat(KeyLeaks.foundIn(keyed.toString() + keyed.summary(), key)).isEmpty();
        assertThatThrownBy(() -> new KeyedClassifier(SecretKey.fromSeed(TransformKind.SHUFFLE, 3, 1, 5), KeyedModels.tinyVit(1)))
                .hasMessageContaining("block size 3 does not divide the image size 28");
    }
}
