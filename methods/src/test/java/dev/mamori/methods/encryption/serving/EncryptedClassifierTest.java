package dev.mamori.methods.encryption.serving;

import dev.mamori.methods.classification.SavedClassifier;
import dev.mamori.methods.encryption.EncryptionKey;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.encryption.catalog.SchemeOptions;
import dev.mamori.methods.encryption.dataset.EncryptedSplits;
import dev.mamori.methods.testing.TestImages;
import dev.mamori.models.Classifier;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.Normalized;
import dev.mamori.nn.init.Init;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A saved model with its key file: plain images are encrypted with the key; the key must be the one the model was trained for. */
class EncryptedClassifierTest {

    @Test
    void predictsOnPlainImagesThroughTheKeyAndRefusesOtherKeys(@TempDir Path dir) throws Exception {
        KeyGeometry g = new KeyGeometry(3, 8, 8, 4);
        EncryptionKey key = Scheme.ETC.random(g, SchemeOptions.defaults());
        Path keyFile = dir.resolve("etc.key");
        Scheme.save(keyFile, key);
        Init.seed(1);
        Map<String, Object> config = Map.of("imageSize", 8, "patchSize", 4, "inChannels", 3, "numClasses", 4, "embedDim", 16, "depth", 1, "heads", 2);
        Classifier vit = ModelRegistry.create("vit", config);
        Normalized model = new Normalized(vit, new double[]{0.5, 0.5, 0.5}, new double[]{0.5, 0.5, 0.5});
        Path modelFile = dir.resolve("model.safetensors");
        SavedClassifier.save(modelFile, model, "vit", config, List.of("a", "b", "c", "d"), EncryptedSplits.datasetName("etc", key.fingerprint(), "toy"));

        EncryptedClassifier served = EncryptedClassifier.load(modelFile, keyFile);
        INDArray x = TestImages.eightBit(2, 16, 3, 8, 8);
        int[] viaKey = served.predictPlain(x);
        int[] direct = served.predictEncrypted(served.encoder().encode(x));
        assertThat(viaKey).containsExactly(direct);
        assertThat(served.classes()).containsExactly("a", "b", "c", "d");

        Path otherKey = dir.resolve("other.key");
        Scheme.save(otherKey, Scheme.ETC.random(g, SchemeOptions.defaults()));
        assertThatThrownBy(() -> EncryptedClassifier.load(modelFile, otherKey)).hasMessageContaining(otherKey.toString())
                .hasMessageContaining(key.fingerprint());
        Path peKey = dir.resolve("pe.key");
        Scheme.save(peKey, Scheme.PE.random(Scheme.PE.geometry(3, 8, 8, SchemeOptions.defaults()), SchemeOptions.defaults()));
        assertThatThrownBy(() -> EncryptedClassifier.load(modelFile, peKey)).hasMessageContaining("'scheme'");

        Path plainModel = dir.resolve("plain.safetensors");
        SavedClassifier.save(plainModel, model, "vit", config, List.of("a", "b", "c", "d"), "toy");
        assertThatThrownBy(() -> EncryptedClassifier.load(plainModel, keyFile)).hasMessageContaining("not trained on encrypted images");
        assertThatThrownBy(() -> served.predictEncrypted(TestImages.eightBit(1, 1, 1, 8, 8))).hasMessageContaining("[N, 3, 8, 8]");
    }
}
