package dev.mamori.methods.encryption.attacks;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.methods.crypto.KeySource;
import dev.mamori.methods.encryption.ImageCipher;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.encryption.catalog.SchemeOptions;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.translation.TranslationUNet;
import dev.mamori.nn.Stochastic;
import dev.mamori.nn.init.Init;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The inverse-translation baseline against an image encryption scheme (docs/METHODS.md item 7): an attacker who knows
 * the scheme but not the key trains a {@link TranslationUNet} on (encrypted, plain) pairs of their own images, each
 * encrypted with a key drawn afresh, so that it learns what survives every key rather than one key. It is then judged
 * on other images, each encrypted with yet another fresh key: PSNR and SSIM of its reconstructions against the plain
 * images, beside PSNR and SSIM of the encrypted images themselves (the scheme's visual security, the number to beat).
 * The generative attacks of later work must beat this baseline to mean anything.
 */
public final class InverseTranslation {
    private InverseTranslation() {}

    /**
     * The baseline's budget.
     *
     * @param steps        training steps
     * @param batchSize    pairs per step, each with its own key
     * @param lr           peak learning rate (AdamW, one cycle)
     * @param baseChannels the U-Net's first width
     * @param depth        the U-Net's poolings
     * @param seed         the attacker's randomness (keys, batches, weights)
     */
    public record Config(int steps, int batchSize, double lr, int baseChannels, int depth, long seed) {
        public Config {
            if (steps < 1 || batchSize < 1 || !(lr > 0) || baseChannels < 1 || depth < 0) throw new IllegalArgumentException("invalid U-Net baseline budget " + this);
        }

        public String describe() {
            return String.format(Locale.ROOT, "U-Net (%d levels from %d channels), %d steps x %d pairs, a fresh key per pair, AdamW lr %g", depth,
                    baseChannels, steps, batchSize, lr);
        }
    }

    /** The measured similarities and a few examples (plain, encrypted as seen, reconstructed). */
    public record Result(String scheme, VisualSecurity.Similarity encrypted, VisualSecurity.Similarity reconstructed,
                         ReconstructionTraining.Outcome training, INDArray examplePlain, INDArray exampleEncrypted, INDArray exampleReconstructed,
                         Config config) {}

    /**
     * Trains on {@code attackerImages} and judges on {@code targets} (both [N, C, H, W], 8-bit values in [0, 1]) for
     * images of {@code geometry}; {@code examples} images are kept for a grid.
     */
    public static Result run(Scheme scheme, SchemeOptions options, KeyGeometry geometry, INDArray attackerImages, INDArray targets, Config config,
                             int examples, TrainingCheckpoints checkpoints, PrintStream log) {
        Trained trained = train(scheme, options, geometry, attackerImages, config, checkpoints, log);
        TranslationUNet unet = trained.unet();
        ReconstructionTraining.Outcome outcome = trained.outcome();

        SplittableRandom evalRng = new SplittableRandom(Stochastic.mix(config.seed(), 2));
        INDArray encryptedTargets = encryptEachWithFreshKey(scheme, options, geometry, targets, evalRng);
        INDArray viewable = viewable(scheme, options, geometry, encryptedTargets);
        INDArray reconstructed = reconstruct(unet, encryptedTargets);
        VisualSecurity.Similarity enc = VisualSecurity.between(targets, viewable, config.seed());
        VisualSecurity.Similarity rec = VisualSecurity.between(targets, reconstructed, config.seed());
        int k = (int) Math.min(examples, targets.size(0));
        return new Result(scheme.configName(), enc, rec, outcome, first(targets, k), first(viewable, k), first(reconstructed, k), config);
    }

    /** A trained U-Net and how its training went. */
    public record Trained(TranslationUNet unet, ReconstructionTraining.Outcome outcome) {}

    /**
     * Trains the U-Net on {@code attackerImages} [N, C, H, W] (8-bit values in [0, 1]), each step's pairs encrypted with
     * keys drawn afresh from (the config's seed, the step); {@code log} may be null (silent). The training checkpoints
     * into {@code checkpoints} ({@link TrainingCheckpoints#NONE}: nowhere) and continues from there when killed: the
     * pairs and keys of a step are drawn from the step, so a continued training sees what an uninterrupted one saw.
     */
    public static Trained train(Scheme scheme, SchemeOptions options, KeyGeometry geometry, INDArray attackerImages, Config config,
                                TrainingCheckpoints checkpoints, PrintStream log) {
        if (!scheme.isCipher()) throw new IllegalArgumentException(scheme + " does not produce images; the inverse-translation baseline is for image ciphers");
        long[] encoded = Scheme.encoder(scheme.fromSeed(config.seed(), geometry, options)).encodedShape();
        if (encoded[1] != geometry.height() || encoded[2] != geometry.width() || geometry.height() != geometry.width()) {
            throw new IllegalArgumentException("the U-Net baseline needs square images encrypted to the same size; got " + geometry);
        }
        Init.seed(config.seed());
        TranslationUNet unet = ModelRegistry.create("translation_unet", Map.of("inChannels", (int) encoded[0], "outChannels", geometry.channels(),
                "baseChannels", config.baseChannels(), "depth", config.depth(), "imageSize", geometry.height()), TranslationUNet.class);
        int na = (int) attackerImages.size(0);
        INDArray flat = attackerImages.reshape('c', na, -1);
        long trainSeed = Stochastic.mix(config.seed(), 1);
        ReconstructionTraining.PairSource pairs = step -> {
            SplittableRandom rng = new SplittableRandom(Stochastic.mix(trainSeed, step));
            int[] pick = new int[config.batchSize()];
            for (int i = 0; i < pick.length; i++) pick[i] = rng.nextInt(na);
            INDArray plain = Nd4j.pullRows(flat, 1, pick).reshape('c', pick.length, geometry.channels(), geometry.height(), geometry.width());
            return new ReconstructionTraining.Pairs(encryptEachWithFreshKey(scheme, options, geometry, plain, rng), plain);
        };
        ReconstructionTraining.Outcome outcome = ReconstructionTraining.fit(unet, pairs,
                new ReconstructionTraining.Settings(config.steps(), config.batchSize(), config.lr(), 1e-4, trainSeed),
                checkpoints.named(log == null ? null : "u-net " + scheme));
        return new Trained(unet, outcome);
    }

    /** Each image [1, C, H, W] of the batch encrypted with its own key drawn from {@code rng}. */
    public static INDArray encryptEachWithFreshKey(Scheme scheme, SchemeOptions options, KeyGeometry geometry, INDArray images, SplittableRandom rng) {
        List<INDArray> out = new ArrayList<>();
        for (int i = 0; i < images.size(0); i++) {
            ImageCipher cipher = (ImageCipher) Scheme.encoder(scheme.generate(KeySource.seeded(rng.nextLong()), geometry, options));
            out.add(cipher.encrypt(images.get(NDArrayIndex.interval(i, i + 1)).dup('c')));
        }
        return Nd4j.concat(0, out.toArray(INDArray[]::new));
    }

    /** The encrypted images as images of the plain geometry (LE/ELE nibbles merged), with any key of the scheme. */
    static INDArray viewable(Scheme scheme, SchemeOptions options, KeyGeometry geometry, INDArray encrypted) {
        return ((ImageCipher) Scheme.encoder(scheme.fromSeed(0, geometry, options))).viewable(encrypted);
    }

    /** The U-Net's outputs for encrypted images [N, C', H, W], in chunks of 100, without gradients. */
    public static INDArray reconstruct(TranslationUNet unet, INDArray encrypted) {
        List<INDArray> out = new ArrayList<>();
        unet.eval();
        for (long s = 0; s < encrypted.size(0); s += 100) {
            long e = Math.min(encrypted.size(0), s + 100);
            try (MemoryScope ignored = MemoryScope.open("reconstruct"); GradMode.Scope off = GradMode.noGrad()) {
                INDArray y = unet.call(Tensor.of(encrypted.get(NDArrayIndex.interval(s, e)).dup('c'))).value();
                out.add(MemoryScope.outside(y::dup));
            }
        }
        MemoryScope.release("reconstruct");
        return Nd4j.concat(0, out.toArray(INDArray[]::new));
    }

    private static INDArray first(INDArray x, int k) {
        return x.get(NDArrayIndex.interval(0, k)).dup('c');
    }
}
