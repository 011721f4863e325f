package dev.mamori.methods.llmqa.nativemodels;

import dev.mamori.data.Dataset;
import dev.mamori.data.TextExample;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Which of the labelled sentences a native model did not train on, so that a study of it can use only those (its
 * accuracy on sentences it trained on says little). Indices point into the dataset the model was trained from, which
 * {@code dataSha256} identifies (SHA-256 over every sentence and label in order); a study checks it against the
 * sentences it reads before trusting the indices.
 *
 * @param model      the native model's id ("lm")
 * @param dataSize   sentences in the dataset trained from
 * @param dataSha256 {@link #fingerprint} of that dataset
 * @param heldOut    indices of the held-out sentences, ascending
 */
public record TrainingSplit(String model, int dataSize, String dataSha256, int[] heldOut) {
    public TrainingSplit {
        heldOut = heldOut.clone();
        for (int i = 0; i < heldOut.length; i++) {
            if (heldOut[i] < 0 || heldOut[i] >= dataSize || (i > 0 && heldOut[i] <= heldOut[i - 1])) {
                throw new IllegalArgumentException("held-out indices must be ascending, distinct and in [0, " + dataSize + ")");
            }
        }
    }

    @Override
    public int[] heldOut() {
        return heldOut.clone();
    }

    public boolean isHeldOut(int index) {
        return Arrays.binarySearch(heldOut, index) >= 0;
    }

    /** Whether {@code data} is the dataset this split was made of. */
    public boolean matches(Dataset<TextExample> data) {
        return data.size() == dataSize && fingerprint(data).equals(dataSha256);
    }

    /** SHA-256 (hex) over every example's label and text, in order, each length-prefixed. */
    public static String fingerprint(Dataset<TextExample> data) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < data.size(); i++) {
                TextExample e = data.get(i);
                byte[] text = e.text().getBytes(StandardCharsets.UTF_8);
                md.update((e.label() + ":" + text.length + ":").getBytes(StandardCharsets.US_ASCII));
                md.update(text);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
