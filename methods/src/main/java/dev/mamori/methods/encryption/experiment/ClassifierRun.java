package dev.mamori.methods.encryption.experiment;

import dev.mamori.eval.metrics.Estimate;
import dev.mamori.eval.metrics.Proportion;

/**
 * One classifier trained and tested on one dataset, encrypted with one scheme (or plain), for one training seed.
 *
 * @param dataset          catalog name
 * @param channels         channels of the dataset's plain images (1 gray, 3 colour)
 * @param scheme           {@code plain} or the scheme's name
 * @param model            what was trained ({@code vit}, {@code convmixer}, {@code adaptation+vit}, {@code token-vit})
 * @param seed             the training seed (it also drew the key)
 * @param keyFingerprint   the key's fingerprint ("" for plain)
 * @param accuracy         top-1 on the encrypted test split
 * @param balancedAccuracy mean per-class recall with a bootstrap interval
 * @param parameters       trainable parameters
 * @param trainSeconds     training time
 * @param encryptImagesPerSecond streaming encryption rate of the training split (0 for plain)
 */
public record ClassifierRun(String dataset, int channels, String scheme, String model, long seed, String keyFingerprint, Proportion accuracy,
                            Estimate balancedAccuracy, long parameters, double trainSeconds, double encryptImagesPerSecond) {

    public boolean isPlain() {
        return scheme.equals(EncryptionExperiment.PLAIN);
    }
}
