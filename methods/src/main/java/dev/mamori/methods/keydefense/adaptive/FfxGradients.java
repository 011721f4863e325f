package dev.mamori.methods.keydefense.adaptive;

import dev.mamori.autograd.Tensor;
import dev.mamori.methods.attacks.Bpda;
import dev.mamori.methods.crypto.blockwise.TransformChain;
import dev.mamori.methods.keydefense.KeyedClassifier;
import dev.mamori.models.Classifier;

/**
 * Two views of a keyed classifier whose transform is not differentiable (FFX), for an attacker who has the key:
 * <ul>
 *   <li>{@link #trueGradient}: the transform with its true derivative ({@link TransformChain#applyTensorTrueGradient}):
 *       zero everywhere for FFX as published, which quantizes every pixel, so gradient attacks see no signal: the
 *       gradient masking a non-adaptive evaluation would mistake for robustness;</li>
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

    /** The network after the real transform, with the transform's true derivative. */
    public static Classifier trueGradient(KeyedClassifier keyed) {
        return new TrueGradientTransform(keyed);
    }

    private static final class TrueGradientTransform extends Classifier {
        private final Classifier network;
        private final TransformChain transform;

        TrueGradientTransform(KeyedClassifier keyed) {
            super(keyed.numClasses(), keyed.inChannels(), keyed.imageSize());
            this.network = register("model", keyed.model);
            this.transform = keyed.transform();
        }

        @Override
        protected Tensor forward(Tensor images) {
            return network.call(transform.applyTensorTrueGradient(images));
        }
    }
}
