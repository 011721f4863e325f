package dev.mamori.methods.keydefense.experiment;

import dev.mamori.eval.metrics.Proportion;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.keydefense.KeyedModel;
import dev.mamori.models.Classifier;

import java.util.List;

/**
 * One model of the experiment and what it cost.
 *
 * @param id                  e.g. "vit/shuffle/full", "vit/ffx/multi_key_N3", "vit/plain"
 * @param backbone            the backbone's name in the config
 * @param method              how it was made
 * @param kind                the key kind (null for the plain backbone)
 * @param keyCount            key slots (0 for the plain backbone)
 * @param keyed               the keyed model (null for the plain backbone)
 * @param classifier          what answers queries: plain images in, logits out
 * @param keys                its secret keys, one per slot (empty for the plain backbone); never printed
 * @param cleanAccuracy       on the test subset
 * @param trainableParameters parameters trained to create it (0 for absorption)
 * @param secondsToCreate     wall time of creating it (training, absorption; pre-training of the backbone excluded,
 *                            except for the plain backbone itself)
 */
public record BuiltModel(String id, String backbone, KeyMethod method, TransformKind kind, int keyCount, KeyedModel keyed,
                         Classifier classifier, List<SecretKey> keys, Proportion cleanAccuracy, long trainableParameters,
                         double secondsToCreate) {

    public boolean isPlain() {
        return method == KeyMethod.PLAIN;
    }

    /** The method as shown in tables, e.g. "multi_key N=3". */
    public String methodLabel() {
        return method == KeyMethod.MULTI_KEY ? "multi_key N=" + keyCount : method.configName();
    }

    /** Random key ids (safe to print: they say nothing about the keys). */
    public List<String> keyIds() {
        return keys.stream().map(SecretKey::id).toList();
    }

    @Override
    public String toString() {
        return "BuiltModel{" + id + ", keys=" + keyIds() + "}";
    }
}
