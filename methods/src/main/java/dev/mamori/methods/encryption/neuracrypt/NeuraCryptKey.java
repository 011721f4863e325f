package dev.mamori.methods.encryption.neuracrypt;

import dev.mamori.methods.crypto.KeySource;
import dev.mamori.methods.encryption.ImageKey;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.KeyMaterial;
import dev.mamori.methods.encryption.KeySpace;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * NeuraCrypt's key: the random, frozen weights of one private encoder ({@link NeuraCryptEncoder}) for C x H x W
 * images in P x P patches (the geometry's block size), under their PyTorch state_dict names. The weights are drawn
 * as PyTorch initialises the reference code's layers, from the given source (secure by default): convolution and
 * linear weights and biases U(-1/sqrt(fan_in), 1/sqrt(fan_in)); the position embedding N(0, 1) (torch.randn); batch
 * norm weight 1 and bias 0 (never trained). Draw order: parameters in state_dict order, each in C order. The
 * per-image token permutations are not part of the key: they are drawn afresh for every image and thrown away.
 */
public final class NeuraCryptKey extends ImageKey {
    /** The scheme name in key files and configs. */
    public static final String SCHEME = "neuracrypt";

    /** The encoder's size: hidden width, number of [1x1 conv, batch norm, ReLU] blocks, token width. */
    public record Architecture(int hidden, int depth, int outputDim) {
        public Architecture {
            if (hidden < 1 || depth < 0 || outputDim < 1) {
                throw new IllegalArgumentException("NeuraCrypt needs hidden >= 1, depth >= 0, outputDim >= 1; got " + hidden + ", " + depth + ", " + outputDim);
            }
        }
    }

    private final Architecture architecture;
    private final Map<String, float[]> weights;

    /** The same (already validated, immutable) material under another id. */
    private NeuraCryptKey(NeuraCryptKey other, String id) {
        super(other, id);
        this.architecture = other.architecture;
        this.weights = other.weights;
    }

    private NeuraCryptKey(KeyGeometry geometry, Architecture architecture, Map<String, float[]> weights) {
        super(geometry);
        Map<String, long[]> shapes = NeuraCryptEncoder.parameterShapes(geometry, architecture);
        if (!weights.keySet().equals(shapes.keySet())) {
            throw new IllegalArgumentException("NeuraCrypt weights must be exactly " + shapes.keySet() + "; got " + weights.keySet());
        }
        Map<String, float[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            float[] w = weights.get(e.getKey());
            long n = 1;
            for (long d : e.getValue()) n *= d;
            if (w.length != n) throw new IllegalArgumentException("weight '" + e.getKey() + "' has " + w.length + " values; expected " + n);
            copy.put(e.getKey(), w.clone());
        }
        this.architecture = architecture;
        this.weights = copy;
    }

    /** A key from explicit weights by state_dict name (e.g. a reference fixture's). */
    public static NeuraCryptKey of(KeyGeometry geometry, Architecture architecture, Map<String, float[]> weights) {
        return new NeuraCryptKey(geometry, architecture, weights);
    }

    /** A fresh unpredictable key. */
    public static NeuraCryptKey random(KeyGeometry geometry, Architecture architecture) {
        return generate(KeySource.secure(), geometry, architecture);
    }

    /** A key reproducible from {@code seed} (experiments and tests). */
    public static NeuraCryptKey fromSeed(long seed, KeyGeometry geometry, Architecture architecture) {
        return generate(KeySource.seeded(seed), geometry, architecture);
    }

    /** Weights drawn from {@code rng} as the class comment describes. */
    public static NeuraCryptKey generate(RandomGenerator rng, KeyGeometry geometry, Architecture architecture) {
        Map<String, float[]> w = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : NeuraCryptEncoder.parameterShapes(geometry, architecture).entrySet()) {
            String name = e.getKey();
            long[] shape = e.getValue();
            int n = 1;
            for (long d : shape) n = Math.multiplyExact(n, (int) d);
            float[] v = new float[n];
            if (name.equals("pos_embedding")) {
                for (int i = 0; i < n; i++) v[i] = (float) rng.nextGaussian();
            } else if (NeuraCryptEncoder.isBatchNorm(name)) {
                if (name.endsWith(".weight")) java.util.Arrays.fill(v, 1f);
            } else {
                double bound = 1.0 / Math.sqrt(NeuraCryptEncoder.fanIn(name, geometry, architecture));
                for (int i = 0; i < n; i++) v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            }
            w.put(name, v);
        }
        return new NeuraCryptKey(geometry, architecture, w);
    }

    /** The key a key file's material describes. */
    public static NeuraCryptKey fromMaterial(KeyGeometry g, KeyMaterial m) {
        return fromMaterial(g, m, "");
    }

    /** The key whose parts are named with {@code prefix} in {@code m} (a Color-NeuraCrypt key holds one per channel). */
    static NeuraCryptKey fromMaterial(KeyGeometry g, KeyMaterial m, String prefix) {
        Architecture a = new Architecture(m.intValue(prefix + "hidden"), m.intValue(prefix + "depth"), m.intValue(prefix + "output_dim"));
        Map<String, float[]> w = new LinkedHashMap<>();
        for (String name : NeuraCryptEncoder.parameterShapes(g, a).keySet()) w.put(name, m.floats(prefix + name));
        return new NeuraCryptKey(g, a, w);
    }

    /** Adds this key's parts to {@code m} with {@code prefix} in front of every name. */
    void addTo(KeyMaterial m, String prefix) {
        m.ints(prefix + "hidden", architecture.hidden()).ints(prefix + "depth", architecture.depth()).ints(prefix + "output_dim", architecture.outputDim());
        weights.forEach((k, v) -> m.floats(prefix + k, v));
    }

    /** The number of float32 weights, all of them random but the batch norms' fixed 1 and 0. */
    public long randomWeightCount() {
        long n = 0;
        for (Map.Entry<String, float[]> e : weights.entrySet()) if (!NeuraCryptEncoder.isBatchNorm(e.getKey())) n += e.getValue().length;
        return n;
    }

    /**
     * The key space: the random float32 weights, at most 32 bits each. The count means little: the weights are
     * continuous and far from uniform over their bit patterns, and Carlini et al.'s matching attack never searches
     * them (it learns features that hold for every encoder).
     */
    public static KeySpace keySpace(long randomWeights) {
        return KeySpace.continuous(randomWeights, randomWeights + " random float32 weights (<= 32 bits each)",
                "continuous random weights; the per-image token order adds T! per image but is not part of the key; the matching attack"
                        + " does not search the key space");
    }

    public Architecture architecture() {
        return architecture;
    }

    /** A copy of one weight by state_dict name. */
    public float[] weight(String name) {
        float[] w = weights.get(name);
        if (w == null) throw new IllegalArgumentException("no weight '" + name + "'; have " + weights.keySet());
        return w.clone();
    }

    /** Number of tokens T = (H / P) * (W / P). */
    public int tokens() {
        return geometry().blockCount();
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public KeyMaterial material() {
        KeyMaterial m = new KeyMaterial();
        addTo(m, "");
        return m;
    }

    @Override
    public NeuraCryptKey withId(String id) {
        return new NeuraCryptKey(this, id);
    }

    @Override
    public KeySpace keySpace() {
        return keySpace(randomWeightCount());
    }

    @Override
    protected boolean sameMaterial(ImageKey other) {
        NeuraCryptKey k = (NeuraCryptKey) other;
        if (!architecture.equals(k.architecture)) return false;
        for (String name : weights.keySet()) if (!java.util.Arrays.equals(weights.get(name), k.weights.get(name))) return false;
        return true;
    }

    @Override
    public String toString() {
        return "NeuraCryptKey{" + geometry() + ", hidden=" + architecture.hidden() + ", depth=" + architecture.depth() + ", id=" + id() + "}";
    }
}
