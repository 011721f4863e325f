package dev.mamori.methods.encryption;

import dev.mamori.methods.crypto.KeyFingerprint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secret parts of an encryption key, by name, in a fixed order: integer arrays (permutations, rotations), bit
 * arrays (inversion masks), bytes (an AES key), float32 arrays (NeuraCrypt's random weights) and short texts (a
 * combination mode). It is what a key file stores ({@link EncryptionKeyFile}) and what fingerprints are computed
 * over. Getters copy; a missing part or a part of another type is an {@link IllegalArgumentException} naming it.
 * {@link #toString()} lists names and sizes only.
 */
public final class KeyMaterial {
    /** One part of the material. */
    public sealed interface Part permits Ints, Bits, Bytes, Floats, Text {
        /** Number of entries, for messages. */
        int size();
    }

    public record Ints(int[] values) implements Part {
        public int size() {
            return values.length;
        }
    }

    public record Bits(boolean[] values) implements Part {
        public int size() {
            return values.length;
        }
    }

    public record Bytes(byte[] values) implements Part {
        public int size() {
            return values.length;
        }
    }

    public record Floats(float[] values) implements Part {
        public int size() {
            return values.length;
        }
    }

    public record Text(String value) implements Part {
        public int size() {
            return value.length();
        }
    }

    private final Map<String, Part> parts = new LinkedHashMap<>();

    public KeyMaterial ints(String name, int... values) {
        return put(name, new Ints(values.clone()));
    }

    public KeyMaterial bits(String name, boolean... values) {
        return put(name, new Bits(values.clone()));
    }

    public KeyMaterial bytes(String name, byte[] values) {
        return put(name, new Bytes(values.clone()));
    }

    public KeyMaterial floats(String name, float[] values) {
        return put(name, new Floats(values.clone()));
    }

    public KeyMaterial text(String name, String value) {
        return put(name, new Text(value));
    }

    /** Adds a part as it is (the caller hands over the array). */
    public KeyMaterial put(String name, Part part) {
        if (name == null || !name.matches("[a-z0-9_.]+")) throw new IllegalArgumentException("material part names are [a-z0-9_.]+; got '" + name + "'");
        if (parts.putIfAbsent(name, part) != null) throw new IllegalArgumentException("material part '" + name + "' given twice");
        return this;
    }

    public int[] ints(String name) {
        return get(name, Ints.class).values().clone();
    }

    public boolean[] bits(String name) {
        return get(name, Bits.class).values().clone();
    }

    public byte[] bytes(String name) {
        return get(name, Bytes.class).values().clone();
    }

    public float[] floats(String name) {
        return get(name, Floats.class).values().clone();
    }

    public String text(String name) {
        return get(name, Text.class).value();
    }

    /** A single integer stored as a one-entry {@link Ints} part. */
    public int intValue(String name) {
        int[] v = get(name, Ints.class).values();
        if (v.length != 1) throw new IllegalArgumentException("material part '" + name + "': expected one integer, got " + v.length);
        return v[0];
    }

    public boolean has(String name) {
        return parts.containsKey(name);
    }

    /** The parts in order (unmodifiable; the arrays are the material's own: do not change them). */
    public Map<String, Part> parts() {
        return Collections.unmodifiableMap(parts);
    }

    /**
     * The 12-hex-digit fingerprint of this material for a key type: SHA-256 over {@code tag}, the geometry and every
     * part (name, type, values) in order ({@link KeyFingerprint}).
     */
    public String fingerprint(String tag, KeyGeometry geometry) {
        KeyFingerprint f = new KeyFingerprint(tag).add(geometry.channels(), geometry.height(), geometry.width(), geometry.blockSize());
        for (Map.Entry<String, Part> e : parts.entrySet()) {
            f.add(e.getKey());
            Part part = e.getValue();
            if (part instanceof Ints p) f.add("ints").add(p.values());
            else if (part instanceof Bits p) f.add("bits").add(p.values());
            else if (part instanceof Bytes p) f.add("bytes").add(p.values());
            else if (part instanceof Floats p) {
                ByteBuffer b = ByteBuffer.allocate(4 * p.values().length).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(p.values());
                f.add("floats").add(b.array());
            } else if (part instanceof Text p) f.add("text").add(p.value());
        }
        return f.hex12();
    }

    private <P extends Part> P get(String name, Class<P> type) {
        Part p = parts.get(name);
        if (p == null) throw new IllegalArgumentException("material part '" + name + "' is missing");
        if (!type.isInstance(p)) {
            throw new IllegalArgumentException("material part '" + name + "' is " + p.getClass().getSimpleName().toLowerCase()
                    + "; expected " + type.getSimpleName().toLowerCase());
        }
        return type.cast(p);
    }

    /** Part names and sizes, never values. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("KeyMaterial{");
        parts.forEach((k, v) -> s.append(k).append('[').append(v.size()).append("] "));
        return s.toString().strip() + "}";
    }
}
