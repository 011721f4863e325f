package dev.mamori.methods.accesscontrol;

import dev.mamori.autograd.Tensor;
import dev.mamori.methods.accesscontrol.transforms.KeyedTransform;
import dev.mamori.models.detection.CenterNet;

import java.util.function.UnaryOperator;

/**
 * A detector protected by a secret key (docs/METHODS.md item 6): the {@link CenterNet} weights and a
 * {@link ProtectionScheme} say where the keyed transform goes; {@link #maps} runs the detector with the transform of
 * the key it is given. Trained with the owner's key, the weights work with that key only: with no transform or a
 * wrong key the feature map arrives scrambled for the layers after it. The same weights can be run with any key
 * ({@link #withKey}) or none ({@link #withoutKey}), which is how the experiment measures wrong keys and missing keys.
 */
public final class KeyedDetector {
    private final CenterNet model;
    private final ProtectionScheme scheme;
    private final KeyedTransform transform;

    private KeyedDetector(CenterNet model, ProtectionScheme scheme, KeyedTransform transform) {
        scheme.check(model.config);
        this.model = model;
        this.scheme = scheme;
        this.transform = transform;
    }

    /** The detector run with {@code transform} where the scheme puts it. */
    public static KeyedDetector of(CenterNet model, ProtectionScheme scheme, KeyedTransform transform) {
        if (transform == null) throw new IllegalArgumentException("a keyed detector needs a transform; use withoutKey() for none");
        if (transform.kind() != scheme.kind()) {
            throw new IllegalArgumentException("scheme " + scheme.id() + " takes " + scheme.kind().configName() + " keys, got " + transform.describe());
        }
        int channels = scheme.channels(model.config);
        if (transform.key().channels() != channels) {
            throw new IllegalArgumentException("scheme " + scheme.id() + " transforms " + channels + " channels; the key is for " + transform.key().channels());
        }
        return new KeyedDetector(model, scheme, transform);
    }

    /** The same weights run with another key's transform (a wrong key, or an attacker's own). */
    public KeyedDetector withKey(KeyedTransform other) {
        return of(model, scheme, other);
    }

    /** The same weights run without any key ({@link ProtectionScheme#withoutKey()}). */
    public KeyedDetector withoutKey() {
        return new KeyedDetector(model, scheme, null);
    }

    public CenterNet model() {
        return model;
    }

    public ProtectionScheme scheme() {
        return scheme;
    }

    /** The transform this view runs with; null for {@link #withoutKey()}. */
    public KeyedTransform transform() {
        return transform;
    }

    /** The head maps of images [B, C, H, W] in [0, 1]. */
    public CenterNet.Maps maps(Tensor images) {
        UnaryOperator<Tensor> t = transform == null ? scheme.withoutKey() : transform::apply;
        if (scheme.onInput()) return model.maps(t.apply(images));
        return model.maps(images, new CenterNet.FeatureTap(scheme.stage() - 1, t));
    }

    @Override
    public String toString() {
        return "KeyedDetector{" + scheme.id() + ", " + (transform == null ? "no key" : transform.describe()) + "}";
    }
}
