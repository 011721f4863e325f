package dev.mamori.methods.crypto;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 digest of secret key material over a canonical encoding (a tag naming the key type and version, then the
 * parts in order: ints as 4 big-endian bytes, booleans as one byte 0/1, bytes as they are).
 *
 * <p>A digest of the material must stay where the material is (a key file's integrity check): shown in a log or a
 * report it lets anyone test key guesses offline, which breaks small key spaces outright (a 1-channel 4 x 4
 * negative/positive mask is one of 11,440). What logs and reports show is a random id ({@link KeySource#newKeyId()},
 * {@link SecretKey#id()}).
 */
public final class KeyFingerprint {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    public KeyFingerprint(String tag) {
        add(tag);
    }

    public KeyFingerprint add(String s) {
        return add(s.getBytes(StandardCharsets.UTF_8)).add(new byte[]{0});
    }

    public KeyFingerprint add(int... values) {
        try {
            for (int v : values) out.writeInt(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public KeyFingerprint add(boolean... values) {
        for (boolean b : values) bytes.write(b ? 1 : 0);
        return this;
    }

    public KeyFingerprint add(byte[] values) {
        bytes.writeBytes(values);
        return this;
    }

    /** The first 12 lowercase hex characters of the digest. */
    public String hex12() {
        return hex().substring(0, 12);
    }

    /** The whole digest, 64 lowercase hex characters. */
    public String hex() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
