package dev.mamori.methods.keydefense;

import dev.mamori.autograd.GradMode;
import dev.mamori.methods.crypto.PixelPermutation;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.crypto.blockwise.BlockTransform;
import dev.mamori.methods.crypto.blockwise.TransformChain;
import dev.mamori.models.Classifier;
import dev.mamori.models.Normalized;
import dev.mamori.models.PatchEmbeddedModel;
import dev.mamori.nn.layers.Conv2d;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Optional;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/**
 * Turns a plain isotropic network (ViT, ConvMixer) into a keyed model with no training, and back.
 *
 * <p>The patch embedding is a convolution with kernel = stride = patch size P: every P x P patch, flattened, goes
 * through one affine map y = E v + b. When the key's blocks tile the patch (P a multiple of the block size M; the
 * paper uses M = P), a shuffling or negative/positive transform acts on each patch as a fixed rearrangement with
 * inversions, v' = S v + o (see {@link BlockTransform#asPixelPermutation}). Choosing E' = E S^-1 and
 * b' = b - E' o gives E' v' + b' = E v + b: the keyed model on transformed images computes exactly what the plain
 * model computes on plain images. Concretely, with out[j] = in[src[j]] (or peak - in[src[j]] where negated[j]):
 * E'[:, j] = sign_j E[:, src[j]] and b' = b + peak * sum over negated j of E[:, src[j]]. For pixel shuffling this is
 * E' = E P^T (the paper's column permutation); for negative/positive it flips the sign of the masked columns and adds
 * their sum to the bias. A chain of transforms is absorbed step by step.
 *
 * <p>Normalization: if the model is wrapped in {@link Normalized} ((x - mean_c) / std_c before the network), that
 * per-channel affine map is first folded into the patch embedding (E[:, c, :, :] / std_c and
 * b - sum E * mean_c / std_c), which is exact because the embedding is the first layer and has no padding. The
 * keyed model then takes [0, 1] pixels directly, so negative/positive (1 - x) and channel-mixing shuffles are
 * absorbed whatever the channel statistics are; the result has no Normalized wrapper.
 *
 * <p>FFX is not affine (a table lookup on 8-bit values) and cannot be absorbed: those keys are refused.
 * All arithmetic is in float64, rounded once to the weights' type.
 */
public final class KeyAbsorption {
    private KeyAbsorption() {}

    /** The keyed model for {@code plain} and this key (a copy; {@code plain} is not changed). */
    public static KeyedClassifier absorb(Classifier plain, SecretKey... keys) {
        return absorb(plain, TransformChain.of(keys));
    }

    /** The keyed model for {@code plain} and this chain of keys (a copy; {@code plain} is not changed). */
    public static KeyedClassifier absorb(Classifier plain, TransformChain chain) {
        requireAbsorbable(chain);
        Classifier model = foldNormalization(plain);
        absorbInto(patchEmbedding(model), chain);
        return new KeyedClassifier(chain, model);
    }

    /** The plain model a keyed one was absorbed from (a copy): the key is taken out of its patch embedding. */
    public static Classifier unabsorb(KeyedClassifier keyed) {
        requireAbsorbable(keyed.transform());
        Classifier model = foldNormalization(keyed.model);
        unabsorbFrom(patchEmbedding(model), keyed.transform());
        return model;
    }

    /**
     * A copy of {@code model} that takes [0, 1] pixels: a {@link Normalized} wrapper is folded into the patch
     * embedding of the isotropic network inside; any other model is copied as it is.
     */
    public static Classifier foldNormalization(Classifier model) {
        if (!(model instanceof Normalized n)) return ModelSpec.copy(model);
        Classifier inner = foldNormalization(n.model);
        Conv2d conv = patchEmbedding(inner);
        double[] mean = n.mean(), std = n.std();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            INDArray w = conv.weight.value().castTo(DataType.DOUBLE); // [D, C, P, P]
            INDArray b = conv.bias.value().castTo(DataType.DOUBLE);
            long d = w.size(0);
            INDArray scaled = w.dup();
            INDArray shift = Nd4j.zeros(DataType.DOUBLE, d);
            for (int c = 0; c < mean.length; c++) {
                INDArray wc = scaled.get(all(), point(c), all(), all());
                wc.divi(std[c]);
                shift.addi(wc.reshape(d, -1).sum(1).mul(mean[c]));
            }
            conv.weight.value().assign(scaled.castTo(conv.weight.dataType()));
            conv.bias.value().assign(b.sub(shift).castTo(conv.bias.dataType()));
        }
        return inner;
    }

    /**
     * The patch-embedding convolution of an isotropic network ({@link PatchEmbeddedModel#patchProjection()}: ViT's
     * {@code patch_embed.proj}, ConvMixer's {@code stem.0}). Other models are refused.
     */
    public static Conv2d patchEmbedding(Classifier model) {
        Conv2d conv;
        if (model instanceof PatchEmbeddedModel isotropic) conv = isotropic.patchProjection();
        else if (model instanceof Normalized n) {
            throw new IllegalArgumentException("the model is wrapped in Normalized: fold it first (KeyAbsorption.foldNormalization)");
        } else {
            throw new IllegalArgumentException("key absorption needs an isotropic network with a patch embedding (ViT or ConvMixer); got "
                    + model.getClass().getSimpleName());
        }
        checkPatchConvolution(conv);
        return conv;
    }

    /** Absorbs the chain into a patch-embedding convolution, in place: afterwards conv(T(x)) = old conv(x). */
    public static void absorbInto(Conv2d conv, TransformChain chain) {
        requireAbsorbable(chain);
        checkPatchConvolution(conv);
        List<PixelPermutation> maps = patchMaps(conv, chain);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            INDArray[] wb = weightAndBias(conv);
            for (PixelPermutation p : maps) wb = absorbStep(wb[0], wb[1], p);
            store(conv, wb);
        }
    }

    /** Takes the chain back out of a patch embedding it was absorbed into, in place (the inverse of absorbInto). */
    public static void unabsorbFrom(Conv2d conv, TransformChain chain) {
        requireAbsorbable(chain);
        checkPatchConvolution(conv);
        List<PixelPermutation> maps = patchMaps(conv, chain);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            INDArray[] wb = weightAndBias(conv);
            for (int i = maps.size() - 1; i >= 0; i--) wb = unabsorbStep(wb[0], wb[1], maps.get(i));
            store(conv, wb);
        }
    }

    // ------------------------------------------------------------------ the algebra

    /** E'[:, j] = sign_j E[:, src[j]], b' = b + peak * sum_{negated j} E[:, src[j]]. E is [D, K] float64. */
    static INDArray[] absorbStep(INDArray e, INDArray b, PixelPermutation p) {
        INDArray gathered = e.getColumns(p.source());
        INDArray[] signAndNegated = signAndNegated(p);
        INDArray absorbed = gathered.mulRowVector(signAndNegated[0]);
        INDArray shift = gathered.mmul(signAndNegated[1]).reshape(b.shape()).muli(p.peak());
        return new INDArray[]{absorbed, b.add(shift)};
    }

    /** The inverse: E[:, src[j]] = sign_j E'[:, j], b = b' + peak * sum_{negated j} E'[:, j]. */
    static INDArray[] unabsorbStep(INDArray absorbed, INDArray b, PixelPermutation p) {
        int[] src = p.source();
        int[] inverse = new int[src.length];
        for (int j = 0; j < src.length; j++) inverse[src[j]] = j;
        INDArray[] signAndNegated = signAndNegated(p);
        INDArray plain = absorbed.mulRowVector(signAndNegated[0]).getColumns(inverse);
        INDArray shift = absorbed.mmul(signAndNegated[1]).reshape(b.shape()).muli(p.peak());
        return new INDArray[]{plain, b.add(shift)};
    }

    /** {sign row [1, K] (+1, or -1 where negated), negated column [K, 1] (1 where negated)}. */
    private static INDArray[] signAndNegated(PixelPermutation p) {
        boolean[] neg = p.negated();
        double[] sign = new double[neg.length], col = new double[neg.length];
        for (int j = 0; j < neg.length; j++) {
            sign[j] = neg[j] ? -1 : 1;
            col[j] = neg[j] ? 1 : 0;
        }
        return new INDArray[]{Nd4j.create(sign, new long[]{1, neg.length}, DataType.DOUBLE), Nd4j.create(col, new long[]{neg.length, 1}, DataType.DOUBLE)};
    }

    // ------------------------------------------------------------------ helpers

    /** Each step as a rearrangement of one C x P x P patch, whose flat index is the conv weight's [C, P, P] index. */
    private static List<PixelPermutation> patchMaps(Conv2d conv, TransformChain chain) {
        int patch = conv.kernel[0];
        if (conv.inChannels != chain.channels()) {
            throw new IllegalArgumentException("the key is for " + chain.channels() + " channels but the patch embedding takes " + conv.inChannels);
        }
        return chain.steps().stream().map(t -> {
            if (patch % t.blockSize() != 0) {
                throw new IllegalArgumentException("cannot absorb a key of block size " + t.blockSize() + " into patches of size " + patch
                        + ": the blocks must tile the patches (block size = patch size, or a divisor of it)");
            }
            Optional<PixelPermutation> p = t.asPixelPermutation(patch, patch);
            return p.orElseThrow(() -> notAbsorbable(t.kind()));
        }).toList();
    }

    private static void requireAbsorbable(TransformChain chain) {
        for (BlockTransform t : chain.steps()) {
            if (t.kind() != TransformKind.SHUFFLE && t.kind() != TransformKind.NEGATIVE_POSITIVE) throw notAbsorbable(t.kind());
        }
    }

    private static IllegalArgumentException notAbsorbable(TransformKind kind) {
        return new IllegalArgumentException("a " + kind.fileName() + " key cannot be absorbed into a patch embedding: "
                + (kind == TransformKind.FFX ? "FFX is not linear (an 8-bit table lookup); train or fine-tune a KeyedClassifier "
                + "on FFX-transformed images instead (its gradient is the BPDA identity)" : "only shuffle and negative_positive keys are linear"));
    }

    private static void checkPatchConvolution(Conv2d conv) {
        if (conv.kernel[0] != conv.kernel[1] || conv.stride[0] != conv.kernel[0] || conv.stride[1] != conv.kernel[1]
                || conv.padding[0] != 0 || conv.padding[1] != 0 || conv.groups != 1 || conv.dilation[0] != 1) {
            throw new IllegalArgumentException("not a patch embedding (kernel = stride, no padding, one group): " + conv.describe());
        }
        if (conv.bias == null) throw new IllegalArgumentException("the patch embedding has no bias, which absorption needs: " + conv.describe());
    }

    /** {E [D, C*P*P], b [D]} in float64. */
    private static INDArray[] weightAndBias(Conv2d conv) {
        INDArray w = conv.weight.value().castTo(DataType.DOUBLE).dup('c');
        return new INDArray[]{w.reshape('c', w.size(0), w.length() / w.size(0)), conv.bias.value().castTo(DataType.DOUBLE).dup()};
    }

    private static void store(Conv2d conv, INDArray[] wb) {
        conv.weight.value().assign(wb[0].reshape('c', conv.weight.shape()).castTo(conv.weight.dataType()));
        conv.bias.value().assign(wb[1].castTo(conv.bias.dataType()));
    }
}
