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
 * The fingerprint of secret key material: the first 12 hex characters of SHA-256 over a canonical encoding (a tag
 * naming the key type and version, then the parts in order: ints as 4 big-endian bytes, booleans as one byte 0/1,
 * bytes as they are). Shows which key was used without revealing it.
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

    /** 12 lowercase hex characters. */
    public String hex12() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray())).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
