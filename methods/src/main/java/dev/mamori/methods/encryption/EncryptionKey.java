package dev.mamori.methods.encryption;

/**
 * The secret key of one encryption scheme for images of one geometry. Implementations are immutable, validate their
 * material on construction, and print as scheme, geometry and fingerprint only. Keys for deployment are drawn from
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

    /** 12 hex digits identifying the key without revealing it. */
    String fingerprint();

    /** The size of the scheme's key space for this geometry. */
    KeySpace keySpace();
}
