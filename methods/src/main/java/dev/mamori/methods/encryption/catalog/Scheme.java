package dev.mamori.methods.encryption.catalog;

import dev.mamori.methods.crypto.KeySource;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.encryption.EncryptionKey;
import dev.mamori.methods.encryption.EncryptionKeyFile;
import dev.mamori.methods.encryption.ImageEncoder;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.KeyMaterial;
import dev.mamori.methods.encryption.KeySpace;
import dev.mamori.methods.encryption.neuracrypt.ColorNeuraCrypt;
import dev.mamori.methods.encryption.neuracrypt.ColorNeuraCryptKey;
import dev.mamori.methods.encryption.neuracrypt.NeuraCrypt;
import dev.mamori.methods.encryption.neuracrypt.NeuraCryptEncoder;
import dev.mamori.methods.encryption.neuracrypt.NeuraCryptKey;
import dev.mamori.methods.encryption.schemes.BlockwiseCipher;
import dev.mamori.methods.encryption.schemes.BlockwiseKey;
import dev.mamori.methods.encryption.schemes.EleKey;
import dev.mamori.methods.encryption.schemes.EtcEncryption;
import dev.mamori.methods.encryption.schemes.EtcKey;
import dev.mamori.methods.encryption.schemes.GrayscaleEtc;
import dev.mamori.methods.encryption.schemes.GrayscaleEtcKey;
import dev.mamori.methods.encryption.schemes.LeKey;
import dev.mamori.methods.encryption.schemes.PeKey;
import dev.mamori.methods.encryption.schemes.PixelBasedEncryption;
import dev.mamori.methods.encryption.schemes.TanakaEle;
import dev.mamori.methods.encryption.schemes.TanakaLe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Every encryption scheme by name, with one way to draw a key (secure by default, seeded only when asked), to load and
 * save it (owner-only key files whose geometry is checked, {@link EncryptionKeyFile}), to get its encoder, and to count
 * its key space. The names are those of key files, configs and the CLI.
 */
public enum Scheme {
    LE(LeKey.SCHEME, "Tanaka's learnable encryption: 4-bit split, block-wise nibble shuffle and inversion, one key for all blocks"),
    ELE(EleKey.SCHEME, "extended learnable encryption: LE with a key per block, plus block scrambling"),
    PE(PeKey.SCHEME, "pixel-based encryption: per-value negative/positive and per-pixel colour shuffle"),
    ETC(EtcKey.SCHEME, "encryption-then-compression: block scrambling, rotation and flip, negative/positive, colour shuffle per block"),
    GRAY_ETC(GrayscaleEtcKey.SCHEME, "grayscale-based EtC: colour planes stacked into one gray image, EtC without colour step on its blocks"),
    BLOCK_SHUFFLE("block_shuffle", "the key-based defense's block-wise pixel shuffle, one key for all blocks"),
    BLOCK_NEGATIVE_POSITIVE("block_negative_positive", "the key-based defense's block-wise negative/positive, one key for all blocks"),
    BLOCK_FFX("block_ffx", "the key-based defense's block-wise FFX (FF1 on masked 8-bit values), one key for all blocks"),
    NEURACRYPT(NeuraCryptKey.SCHEME, "NeuraCrypt: a random frozen patch encoder, tokens shuffled per image"),
    COLOR_NEURACRYPT(ColorNeuraCryptKey.SCHEME, "Color-NeuraCrypt (our reconstruction): a random encoder per colour channel, tokens combined per patch and shuffled per image");

    private final String configName;
    private final String description;

    Scheme(String configName, String description) {
        this.configName = configName;
        this.description = description;
    }

    public String configName() {
        return configName;
    }

    public String description() {
        return description;
    }

    /** The scheme named {@code name}; an error listing the names otherwise. */
    public static Scheme fromConfigName(String name) {
        for (Scheme s : values()) if (s.configName.equals(name)) return s;
        throw new IllegalArgumentException("unknown encryption scheme '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Scheme::configName).collect(Collectors.joining(", ")));
    }

    /** Whether encryption is exactly invertible with the key (all but NeuraCrypt and Color-NeuraCrypt). */
    public boolean isCipher() {
        return this != NEURACRYPT && this != COLOR_NEURACRYPT;
    }

    /** Whether the scheme produces token grids rather than images. */
    public boolean isNeuraCrypt() {
        return !isCipher();
    }

    /** Whether classifiers must respect blocks (a patch size equal to the block size). */
    public boolean isBlockWise() {
        return this != PE && isCipher();
    }

    private TransformKind blockKind() {
        return switch (this) {
            case BLOCK_SHUFFLE -> TransformKind.SHUFFLE;
            case BLOCK_NEGATIVE_POSITIVE -> TransformKind.NEGATIVE_POSITIVE;
            case BLOCK_FFX -> TransformKind.FFX;
            default -> null;
        };
    }

    /** The key geometry for C x H x W images: the options' block size, or 1 for pixel-based encryption. */
    public KeyGeometry geometry(int channels, int height, int width, SchemeOptions options) {
        return new KeyGeometry(channels, height, width, this == PE ? 1 : options.blockSize());
    }

    // ------------------------------------------------------------------ keys

    /** A fresh unpredictable key ({@link KeySource#secure()}). */
    public EncryptionKey random(KeyGeometry g, SchemeOptions options) {
        return generate(KeySource.secure(), g, options);
    }

    /** A key reproducible from {@code seed}: for experiments and tests only (a 64-bit seed is all its entropy). */
    public EncryptionKey fromSeed(long seed, KeyGeometry g, SchemeOptions options) {
        return generate(KeySource.seeded(seed), g, options);
    }

    /** A key drawn from {@code rng} in the key class's documented order. */
    public EncryptionKey generate(RandomGenerator rng, KeyGeometry g, SchemeOptions options) {
        return switch (this) {
            case LE -> LeKey.generate(rng, g);
            case ELE -> EleKey.generate(rng, g.blockSize(), g.channels(), g.height(), g.width());
            case PE -> PeKey.generate(rng, g.channels(), g.height(), g.width());
            case ETC -> EtcKey.generate(rng, g.blockSize(), g.channels(), g.height(), g.width());
            case GRAY_ETC -> GrayscaleEtcKey.generate(rng, g);
            case BLOCK_SHUFFLE, BLOCK_NEGATIVE_POSITIVE, BLOCK_FFX -> BlockwiseKey.generate(rng, blockKind(), g);
            case NEURACRYPT -> NeuraCryptKey.generate(rng, g, options.architecture());
            case COLOR_NEURACRYPT -> ColorNeuraCryptKey.generate(rng, g, options.architecture(), options.combination());
        };
    }

    /** The key that a key file's geometry and material describe (the material is validated). */
    public EncryptionKey fromMaterial(KeyGeometry g, KeyMaterial m) {
        return switch (this) {
            case LE -> LeKey.fromMaterial(g, m);
            case ELE -> EleKey.fromMaterial(g, m);
            case PE -> PeKey.fromMaterial(g, m);
            case ETC -> EtcKey.fromMaterial(g, m);
            case GRAY_ETC -> GrayscaleEtcKey.fromMaterial(g, m);
            case BLOCK_SHUFFLE, BLOCK_NEGATIVE_POSITIVE, BLOCK_FFX -> BlockwiseKey.fromMaterial(blockKind(), g, m);
            case NEURACRYPT -> NeuraCryptKey.fromMaterial(g, m);
            case COLOR_NEURACRYPT -> ColorNeuraCryptKey.fromMaterial(g, m);
        };
    }

    /** The scheme's key space for images of {@code g} (NeuraCrypt: from the options' encoder size). */
    public KeySpace keySpace(KeyGeometry g, SchemeOptions options) {
        return switch (this) {
            case LE -> LeKey.keySpace(g);
            case ELE -> EleKey.keySpace(g);
            case PE -> PeKey.keySpace(g);
            case ETC -> EtcKey.keySpace(g);
            case GRAY_ETC -> GrayscaleEtcKey.keySpace(g);
            case BLOCK_SHUFFLE, BLOCK_NEGATIVE_POSITIVE, BLOCK_FFX -> BlockwiseKey.keySpace(blockKind(), g);
            case NEURACRYPT -> NeuraCryptKey.keySpace(randomWeights(g, options));
            case COLOR_NEURACRYPT -> NeuraCryptKey.keySpace(g.channels() * randomWeights(ColorNeuraCryptKey.channelGeometry(g), options));
        };
    }

    private static long randomWeights(KeyGeometry g, SchemeOptions options) {
        long n = 0;
        for (Map.Entry<String, long[]> e : NeuraCryptEncoder.parameterShapes(g, options.architecture()).entrySet()) {
            if (NeuraCryptEncoder.isBatchNorm(e.getKey())) continue;
            long c = 1;
            for (long d : e.getValue()) c *= d;
            n += c;
        }
        return n;
    }

    // ------------------------------------------------------------------ encoders

    /** The scheme's encoder for {@code key}; NeuraCrypt's token orders come from a secure source. */
    public static ImageEncoder encoder(EncryptionKey key) {
        return encoder(key, KeySource.secure());
    }

    /**
     * The encoder for {@code key}; {@code permutations} is where NeuraCrypt draws its per-image token orders (ignored by
     * the deterministic ciphers).
     */
    public static ImageEncoder encoder(EncryptionKey key, RandomGenerator permutations) {
        if (key instanceof LeKey k) return new TanakaLe(k);
        if (key instanceof EleKey k) return new TanakaEle(k);
        if (key instanceof PeKey k) return new PixelBasedEncryption(k);
        if (key instanceof EtcKey k) return new EtcEncryption(k);
        if (key instanceof GrayscaleEtcKey k) return new GrayscaleEtc(k);
        if (key instanceof BlockwiseKey k) return new BlockwiseCipher(k);
        if (key instanceof NeuraCryptKey k) return new NeuraCrypt(k, permutations);
        if (key instanceof ColorNeuraCryptKey k) return new ColorNeuraCrypt(k, permutations);
        throw new IllegalArgumentException("no encoder for " + key);
    }

    // ------------------------------------------------------------------ files

    /** Writes a new owner-only key file (an existing file is never overwritten). */
    public static void save(Path file, EncryptionKey key) throws IOException {
        EncryptionKeyFile.write(file, key);
    }

    /**
     * Reads a key file of any scheme, checking its geometry against {@code expected} (fields of 0, or null, for any):
     * a key for another image size, channel count or block size is an error naming the file and field.
     */
    public static EncryptionKey loadAny(Path file, KeyGeometry expected) throws IOException {
        return EncryptionKeyFile.read(file, null, expected, Scheme::build);
    }

    /** Reads a key file that must be of this scheme and fit {@code expected} (null for any geometry). */
    public EncryptionKey load(Path file, KeyGeometry expected) throws IOException {
        return EncryptionKeyFile.read(file, configName, expected, Scheme::build);
    }

    /**
     * Reads a key file of {@code scheme} (null for any) whose geometry has the given channels, image size and block
     * size (0 for any value of a field).
     */
    public static EncryptionKey load(Path file, Scheme scheme, int channels, int height, int width, int blockSize) throws IOException {
        return EncryptionKeyFile.read(file, scheme == null ? null : scheme.configName, channels, height, width, blockSize, Scheme::build);
    }

    private static EncryptionKey build(String scheme, KeyGeometry g, KeyMaterial m) {
        return fromConfigName(scheme).fromMaterial(g, m);
    }

    @Override
    public String toString() {
        return configName;
    }
}
