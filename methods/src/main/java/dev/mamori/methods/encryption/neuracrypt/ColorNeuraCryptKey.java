package dev.mamori.methods.encryption.neuracrypt;

import dev.mamori.methods.crypto.KeySource;
import dev.mamori.methods.encryption.ImageKey;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.KeyMaterial;
import dev.mamori.methods.encryption.KeySpace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Color-NeuraCrypt's key (our reconstruction, docs/METHODS.md item 5): one independent NeuraCrypt key per colour
 * channel, each for one-channel images of the same size and patch, and how the channels' tokens are combined per patch
 * ({@link Combine}). Drawn channel after channel as {@link NeuraCryptKey#generate} draws one.
 */
public final class ColorNeuraCryptKey extends ImageKey {
    /** The scheme name in key files and configs. */
    public static final String SCHEME = "color_neuracrypt";

    /** How the per-channel tokens of a patch become one token. */
    public enum Combine {
        /** Element-wise sum: tokens of width D. */
        SUM,
        /** Concatenation: tokens of width C x D. */
        CONCAT;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Combine fromConfigName(String name) {
            for (Combine c : values()) if (c.configName().equals(name)) return c;
            throw new IllegalArgumentException("unknown combination '" + name + "'; expected sum or concat");
        }
    }

    private final Combine combine;
    private final List<NeuraCryptKey> channelKeys;

    /** The same (already validated, immutable) material under another id. */
    private ColorNeuraCryptKey(ColorNeuraCryptKey other, String id) {
        super(other, id);
        this.combine = other.combine;
        this.channelKeys = other.channelKeys;
    }

    private ColorNeuraCryptKey(KeyGeometry geometry, Combine combine, List<NeuraCryptKey> channelKeys) {
        super(geometry);
        if (channelKeys.size() != geometry.channels()) {
            throw new IllegalArgumentException("Color-NeuraCrypt needs one encoder per channel: " + geometry.channels() + "; got " + channelKeys.size());
        }
        KeyGeometry single = channelGeometry(geometry);
        NeuraCryptKey.Architecture first = channelKeys.get(0).architecture();
        for (int c = 0; c < channelKeys.size(); c++) {
            NeuraCryptKey k = channelKeys.get(c);
            if (!k.geometry().equals(single)) throw new IllegalArgumentException("encoder of channel " + c + " is for " + k.geometry() + "; expected " + single);
            if (!k.architecture().equals(first)) throw new IllegalArgumentException("all channel encoders must have the same architecture");
        }
        this.combine = combine;
        this.channelKeys = List.copyOf(channelKeys);
    }

    /** One-channel images of the same size and patch. */
    public static KeyGeometry channelGeometry(KeyGeometry g) {
        return new KeyGeometry(1, g.height(), g.width(), g.blockSize());
    }

    public static ColorNeuraCryptKey of(KeyGeometry geometry, Combine combine, List<NeuraCryptKey> channelKeys) {
        return new ColorNeuraCryptKey(geometry, combine, channelKeys);
    }

    public static ColorNeuraCryptKey random(KeyGeometry geometry, NeuraCryptKey.Architecture architecture, Combine combine) {
        return generate(KeySource.secure(), geometry, architecture, combine);
    }

    public static ColorNeuraCryptKey fromSeed(long seed, KeyGeometry geometry, NeuraCryptKey.Architecture architecture, Combine combine) {
        return generate(KeySource.seeded(seed), geometry, architecture, combine);
    }

    public static ColorNeuraCryptKey generate(RandomGenerator rng, KeyGeometry geometry, NeuraCryptKey.Architecture architecture, Combine combine) {
        List<NeuraCryptKey> keys = new ArrayList<>();
        for (int c = 0; c < geometry.channels(); c++) keys.add(NeuraCryptKey.generate(rng, channelGeometry(geometry), architecture));
        return new ColorNeuraCryptKey(geometry, combine, keys);
    }

    /** The key a key file's material describes. */
    public static ColorNeuraCryptKey fromMaterial(KeyGeometry g, KeyMaterial m) {
        Combine combine = Combine.fromConfigName(m.text("combine"));
        List<NeuraCryptKey> keys = new ArrayList<>();
        for (int c = 0; c < g.channels(); c++) keys.add(NeuraCryptKey.fromMaterial(channelGeometry(g), m, "channel" + c + "."));
        return new ColorNeuraCryptKey(g, combine, keys);
    }

    public Combine combine() {
        return combine;
    }

    public List<NeuraCryptKey> channelKeys() {
        return channelKeys;
    }

    public NeuraCryptKey.Architecture architecture() {
        return channelKeys.get(0).architecture();
    }

    /** D of the combined tokens: the encoders' output width (sum) or C times it (concat). */
    public int tokenDim() {
        int d = architecture().outputDim();
        return combine == Combine.SUM ? d : d * geometry().channels();
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public KeyMaterial material() {
        KeyMaterial m = new KeyMaterial().text("combine", combine.configName());
        for (int c = 0; c < channelKeys.size(); c++) channelKeys.get(c).addTo(m, "channel" + c + ".");
        return m;
    }

    @Override
    public ColorNeuraCryptKey withId(String id) {
        return new ColorNeuraCryptKey(this, id);
    }

    @Override
    public KeySpace keySpace() {
        long n = 0;
        for (NeuraCryptKey k : channelKeys) n += k.randomWeightCount();
        return NeuraCryptKey.keySpace(n);
    }

    @Override
    protected boolean sameMaterial(ImageKey other) {
        ColorNeuraCryptKey k = (ColorNeuraCryptKey) other;
        return combine == k.combine && channelKeys.equals(k.channelKeys);
    }

    @Override
    public String toString() {
        return "ColorNeuraCryptKey{" + geometry() + ", combine=" + combine.configName() + ", id=" + id() + "}";
    }
}
