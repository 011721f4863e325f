package dev.mamori.methods.encryption;

/**
 * The secret key of one encryption scheme for images of one geometry. Implementations are immutable, validate their
 * material on construction, and print as scheme, geometry and {@link #id()} only. Keys for deployment are drawn from
 * {@link dev.mamori.methods.crypto.KeySource#secure()}; seeded keys (experiments, tests) are an explicit opt-in of each
 * key class.
 */
public interface EncryptionKey {

    /** The scheme's name as key files and configs write it ({@code etc}, {@code neuracrypt}, ...). */
    String scheme();

    /** The images this key encrypts and its block (patch) size. */
    KeyGeometry geometry();

    /** The secret parts, for the key file (see {@link EncryptionKeyFile}). */
    KeyMaterial material();

    /**
     * The key's random id ({@link dev.mamori.methods.crypto.KeySource#newKeyId()}: 16 hex digits from SecureRandom),
     * drawn when the key is made and stored with it in its key file: what logs, reports, dataset and model files show.
     * It is never derived from the material or a seed, so nobody can test a key guess against it; the same material
     * made twice gets two ids. Equality compares the material, whatever the ids.
     */
    String id();

    /** The same key material under {@code id} (a key file restores the id it stored); {@code id} must be a key id. */
    EncryptionKey withId(String id);

    /** The size of the scheme's key space for this geometry. */
    KeySpace keySpace();
}
