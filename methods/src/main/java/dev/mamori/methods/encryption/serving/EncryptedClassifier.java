package dev.mamori.methods.encryption.serving;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.methods.classification.SavedClassifier;
import dev.mamori.methods.encryption.EncryptionKey;
import dev.mamori.methods.encryption.ImageEncoder;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.encryption.dataset.EncryptedSplits;
import dev.mamori.models.Normalized;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A classifier trained on encrypted images, served with its key: {@link #predictPlain} encrypts plain images with the
 * key (as the data owner would) and classifies the encryption; {@link #predictEncrypted} classifies images the owner
 * has already encrypted (the server's view: it never needs the key). The model file records the scheme and the key's
 * random id of its training data ({@link EncryptedSplits#datasetName}); loading with another key is an error.
 */
public final class EncryptedClassifier {
    private final Normalized model;
    private final ImageEncoder encoder;
    private final List<String> classes;

    public EncryptedClassifier(Normalized model, ImageEncoder encoder, List<String> classes) {
        long[] want = encoder.encodedShape();
        if (model.inChannels() != want[0] || model.imageSize() != want[1] || model.imageSize() != want[2]) {
            throw new IllegalArgumentException("the model takes " + model.inChannels() + "x" + model.imageSize() + "x" + model.imageSize()
                    + " inputs; the key's encoding is " + want[0] + "x" + want[1] + "x" + want[2]);
        }
        this.model = model;
        this.encoder = encoder;
        this.classes = List.copyOf(classes);
    }

    /**
     * A model file written by training on an encrypted dataset, with the key file it was encrypted with. Errors name the
     * file: a model not trained on encrypted data, a key of another scheme or another key (ids differ), a key
     * for other images.
     */
    public static EncryptedClassifier load(Path modelFile, Path keyFile) throws IOException {
        return load(SavedClassifier.load(modelFile), modelFile, keyFile);
    }

    /**
     * As {@link #load(Path, Path)} for a model file the caller has loaded already (with its own checks, such as
     * allowing non-finite weights for inspection), so that every path that serves a model applies the same checks.
     */
    public static EncryptedClassifier load(SavedClassifier.Loaded loaded, Path modelFile, Path keyFile) throws IOException {
        String dataset = loaded.info().dataset();
        String[] parts = dataset == null ? new String[0] : dataset.split("/", 4);
        if (parts.length < 3 || !parts[0].equals("encrypted")) {
            throw new IOException(modelFile + ": metadata field 'dataset' is '" + dataset + "'; this model was not trained on encrypted images");
        }
        EncryptionKey key = Scheme.load(keyFile, Scheme.fromConfigName(parts[1]), 0, 0, 0, 0);
        if (!key.id().equals(parts[2])) {
            throw new IOException(keyFile + ": the key has id " + key.id() + " but " + modelFile
                    + " was trained on images encrypted with key " + parts[2]);
        }
        return new EncryptedClassifier(loaded.model(), Scheme.encoder(key), loaded.info().classes());
    }

    /** Class indices for plain images [N, C, H, W] in [0, 1]: encrypted with the key, then classified. */
    public int[] predictPlain(INDArray plain) {
        return predictEncrypted(encoder.encode(plain));
    }

    /** Class indices for already-encrypted images [N] + the encoding's shape. */
    public int[] predictEncrypted(INDArray encrypted) {
        long[] want = encoder.encodedShape();
        long[] s = encrypted.shape();
        if (s.length != 4 || s[1] != want[0] || s[2] != want[1] || s[3] != want[2]) {
            throw new IllegalArgumentException("expected encrypted inputs [N, " + want[0] + ", " + want[1] + ", " + want[2] + "]; got " + Arrays.toString(s));
        }
        model.eval();
        try (MemoryScope ignored = MemoryScope.open("predict"); GradMode.Scope off = GradMode.noGrad()) {
            return model.call(Tensor.of(encrypted)).value().argMax(1).toIntVector();
        }
    }

    public List<String> classes() {
        return classes;
    }

    public ImageEncoder encoder() {
        return encoder;
    }

    public Normalized model() {
        return model;
    }
}
