package dev.mamori.methods.encryption;

import dev.mamori.methods.crypto.KeySource;

/**
 * What every image-encryption key shares: the geometry it was made for and its random id. Equality compares the
 * geometry and the secret material ({@link #sameMaterial}), never the id (the same material made twice has two ids);
 * the hash is the geometry's alone, so neither it nor {@link #toString} (scheme class, geometry, id) depends on the
 * secret.
 */
public abstract class ImageKey implements EncryptionKey {
    private final KeyGeometry geometry;
    private final String id;

    /** A new key for {@code geometry}, with a fresh random id ({@link KeySource#newKeyId()}). */
    protected ImageKey(KeyGeometry geometry) {
        this.geometry = geometry;
        this.id = KeySource.newKeyId();
    }

    /** The material of {@code other} under a stored id (a key file restores the id it wrote). */
    protected ImageKey(ImageKey other, String id) {
        this.geometry = other.geometry;
        this.id = KeySource.checkKeyId(id);
    }

    /** Whether {@code other}, a key of this very class and geometry, holds the same secret material. */
    protected abstract boolean sameMaterial(ImageKey other);

    @Override
    public final KeyGeometry geometry() {
        return geometry;
    }

    @Override
    public final String id() {
        return id;
    }

    /** M, the block size (1 for pixel-based schemes). */
    public final int blockSize() {
        return geometry.blockSize();
    }

    /** C, the channel count of the plain image. */
    public final int channels() {
        return geometry.channels();
    }

    public final int height() {
        return geometry.height();
    }

    public final int width() {
        return geometry.width();
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && geometry.equals(((ImageKey) o).geometry) && sameMaterial((ImageKey) o);
    }

    @Override
    public final int hashCode() {
        return geometry.hashCode(); // equal material, whatever the ids: neither the id nor the secret may enter the hash
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + geometry + ", id=" + id + "}";
    }
}
