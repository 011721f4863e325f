package dev.mamori.methods.encryption.dataset;

import dev.mamori.methods.common.ImageData;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The training and test splits of one encrypted dataset (two {@link EncryptedDatasetFile}s made with the same key),
 * as the {@link ImageData} that classifier training takes. Its name, {@code encrypted/<scheme>/<key fingerprint>/<source
 * dataset>}, goes into a trained model's file, so that a model is later served only with the key it was trained for.
 */
public record EncryptedSplits(EncryptedDatasetFile train, EncryptedDatasetFile test) implements Closeable {
    public static final String TRAIN_FILE = "train.safetensors", TEST_FILE = "test.safetensors";

    public EncryptedSplits {
        EncryptedDatasetFile.Info a = train.info(), b = test.info();
        if (!a.scheme().equals(b.scheme()) || !a.keyFingerprint().equals(b.keyFingerprint())) {
            throw new IllegalArgumentException(train.file() + " and " + test.file() + " were encrypted with different keys ("
                    + a.scheme() + " " + a.keyFingerprint() + " vs " + b.scheme() + " " + b.keyFingerprint() + ")");
        }
        if (!a.classes().equals(b.classes()) || !Arrays.equals(a.imageShape(), b.imageShape())) {
            throw new IllegalArgumentException(train.file() + " and " + test.file() + " differ in classes or image shape");
        }
    }

    /** {@code dir/train.safetensors} and {@code dir/test.safetensors}, as {@code mamori encrypt} writes them. */
    public static EncryptedSplits openDirectory(Path dir) throws IOException {
        Path train = dir.resolve(TRAIN_FILE), test = dir.resolve(TEST_FILE);
        if (!Files.isRegularFile(train) || !Files.isRegularFile(test)) {
            throw new IOException(dir + " must hold " + TRAIN_FILE + " and " + TEST_FILE + " (written by mamori encrypt)");
        }
        return open(train, test);
    }

    public static EncryptedSplits open(Path train, Path test) throws IOException {
        EncryptedDatasetFile a = EncryptedDatasetFile.open(train);
        try {
            return new EncryptedSplits(a, EncryptedDatasetFile.open(test));
        } catch (IOException | RuntimeException e) {
            a.close();
            throw e;
        }
    }

    /** The name models trained on these splits record: {@code encrypted/<scheme>/<fingerprint>/<dataset>}. */
    public String datasetName() {
        EncryptedDatasetFile.Info i = train.info();
        return datasetName(i.scheme(), i.keyFingerprint(), i.dataset());
    }

    public static String datasetName(String scheme, String keyFingerprint, String dataset) {
        return "encrypted/" + scheme + "/" + keyFingerprint + "/" + dataset;
    }

    /** The splits as classifier training's data. */
    public ImageData imageData() {
        long[] s = train.info().imageShape();
        return new ImageData(datasetName(), train, test, train.info().classes(), (int) s[0], (int) s[1], (int) s[2]);
    }

    @Override
    public void close() throws IOException {
        try {
            train.close();
        } finally {
            test.close();
        }
    }
}
