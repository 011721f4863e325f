package dev.mamori.methods.keydefense.adaptive;

import dev.mamori.autograd.Tensor;
import dev.mamori.methods.attacks.Bpda;
import dev.mamori.methods.crypto.blockwise.TransformChain;
import dev.mamori.methods.keydefense.KeyedClassifier;
import dev.mamori.models.Classifier;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Two views of a keyed classifier whose transform is not differentiable (FFX), for an attacker who has the key:
 * <ul>
 *   <li>{@link #trueGradient}: the transform with its true derivative, zero almost everywhere (a table lookup on 8-bit
 *       values is piecewise constant), so gradient attacks see no signal: the gradient masking a non-adaptive
 *       evaluation would mistake for robustness;</li>
 *   <li>{@link #bpda}: the suite's {@link Bpda} (forward through the real transform, identity backward,
 *       CustomGradients.straightThrough): the adaptive attack.</li>
 * </ul>
 * Both compute the same logits as the keyed classifier.
 */
public final class FfxGradients {
    private FfxGradients() {}

    /** The network after the real transform, the transform's gradient replaced by the identity (BPDA). */
    public static Classifier bpda(KeyedClassifier keyed) {
        TransformChain transform = keyed.transform();
        return Bpda.of(keyed.model, x -> Tensor.of(transform.apply(x.value())));
    }

    /** The network after the real transform, with the transform's true (zero) derivative. */
    public static Classifier trueGradient(KeyedClassifier keyed) {
        return new ZeroGradientTransform(keyed);
    }

    private static final class ZeroGradientTransform extends Classifier {
        private final Classifier network;
        private final TransformChain transform;

        ZeroGradientTransform(KeyedClassifier keyed) {
            super(keyed.numClasses(), keyed.inChannels(), keyed.imageSize());
            this.network = register("model", keyed.model);
            this.transform = keyed.transform();
        }

        @Override
        protected Tensor forward(Tensor images) {
            Tensor transformed = Tensor.result("keyTransformTrueGradient", transform.apply(images.value()),
                    (g, needs) -> new org.nd4j.linalg.api.ndarray.INDArray[]{Nd4j.zerosLike(g)}, images);
            return network.call(transformed);
        }
    }
}
