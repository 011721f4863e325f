package dev.mamori.methods.genattack.attack;

import dev.mamori.generative.training.EncoderTrainingStep;
import dev.mamori.methods.crypto.KeySource;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.encryption.catalog.SchemeOptions;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Encrypts every image of a batch with a key of its own, drawn anew for each image at each step (the attack of the
 * EtC face papers trains on pairs with a fresh key per sample, so that the encoder works on keys it never saw). Keys
 * come from a secure source by default; {@link #seeded} draws them from the training step's generator instead, so that
 * a run is reproducible and resumes exactly, and its report must say "keys derivable from the seed". Keys are never
 * kept, logged or returned.
 */
public final class FreshKeyEncryption implements EncoderTrainingStep.InputTransform {
    private final Scheme scheme;
    private final SchemeOptions options;
    private final KeyGeometry geometry;
    private final boolean seeded;

    private FreshKeyEncryption(Scheme scheme, SchemeOptions options, KeyGeometry geometry, boolean seeded) {
        if (!scheme.isCipher() && !scheme.isBlockWise()) {
            throw new IllegalArgumentException("fresh-key pairs need a learnable image cipher (LE, ELE, PE, EtC, grayscale EtC, block-wise), got " + scheme);
        }
        this.scheme = scheme;
        this.options = options;
        this.geometry = geometry;
        this.seeded = seeded;
    }

    /** Keys from {@link KeySource#secure()}: unpredictable, so a resumed run does not repeat an interrupted one's keys. */
    public static FreshKeyEncryption secure(Scheme scheme, SchemeOptions options, int channels, int height, int width) {
        return new FreshKeyEncryption(scheme, options, scheme.geometry(channels, height, width, options), false);
    }

    /** Keys from the step's generator: reproducible from the run seed (experiments and tests only). */
    public static FreshKeyEncryption seeded(Scheme scheme, SchemeOptions options, int channels, int height, int width) {
        return new FreshKeyEncryption(scheme, options, scheme.geometry(channels, height, width, options), true);
    }

    /** Whether keys are derivable from the run seed (reports must say so). */
    public boolean keysDerivableFromSeed() {
        return seeded;
    }

    /** The encrypted image shape [C', H', W'] the encoder must take. */
    public long[] encodedShape() {
        return Scheme.encoder(scheme.fromSeed(0, geometry, options)).encodedShape();
    }

    @Override
    public INDArray apply(INDArray plain, SplittableRandom random) {
        RandomGenerator keys = seeded ? random : KeySource.secure();
        long b = plain.size(0);
        INDArray out = null;
        for (long i = 0; i < b; i++) {
            INDArray one = plain.get(NDArrayIndex.interval(i, i + 1));                        // [1, C, H, W]
            INDArray enc = Scheme.encoder(scheme.generate(keys, geometry, options), keys).encode(one);
            if (out == null) {
                long[] shape = enc.shape().clone();
                shape[0] = b;
                out = Nd4j.create(enc.dataType(), shape);
            }
            out.get(NDArrayIndex.interval(i, i + 1)).assign(enc);
        }
        return out;
    }
}
