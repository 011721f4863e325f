package dev.mamori.models;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.Linear;

import java.util.List;

/**
 * An isotropic network whose first layer is a patch embedding: a convolution with kernel = stride = patch size P and
 * no padding, so every P x P patch goes through one affine map y = E v + b (ViT's {@code patch_embed.proj},
 * ConvMixer's {@code stem.0}); then a backbone that keeps the resolution of the patch grid; then pooling and a linear
 * head. Key-based defenses rely on exactly this shape (docs/METHODS.md, items 2 and 3): a block-wise key whose block
 * size divides P is a fixed rearrangement of each patch and can be absorbed into E, and several secret patch
 * embeddings with their heads can share one backbone. They reach the parts through this interface, never through the
 * model classes.
 *
 * <pre>
 * images [B, C, H, W] --patchEmbedding--> embedded (ViT: tokens [B, N, D]; ConvMixer: map [B, D, H/P, W/P])
 *        --featuresFromEmbedding--> pooled features [B, D] --head--> logits [B, classes]
 * </pre>
 */
public interface PatchEmbeddedModel {

    /** This model as a classifier: forward(images) = head(featuresFromEmbedding(patchEmbedding(images))). */
    Classifier asClassifier();

    /** P, the patch size (kernel and stride of the patch-embedding convolution). */
    int patchSize();

    /** The embedding width D (channels of the patch embedding, inputs of the head). */
    int embedDim();

    /** The module that maps images to embedded patches (ViT: {@code patch_embed}; ConvMixer: {@code stem.0}). */
    Module patchEmbedding();

    /** The path of {@link #patchEmbedding()} in the model: its parameter names start with it. */
    String patchEmbeddingPath();

    /**
     * The path of the patch-embedding convolution ({@code patch_embed.proj}, {@code stem.0}): the prefix of the weight E
     * and bias b a key is absorbed into.
     */
    String patchProjectionPath();

    /** A new module of the structure of {@link #patchEmbedding()} with fresh weights (a new key slot). */
    Module newPatchEmbedding();

    /** Embedded patches (the output of a patch embedding) to pooled features [B, D]: everything between the two ends. */
    Tensor featuresFromEmbedding(Tensor embedded);

    /** The classifier head, features [B, D] to logits. */
    Linear head();

    /** The path of the head in the model ({@code head}). */
    String headPath();

    /**
     * Module path patterns of the layers low-rank adapters (LoRA) go on, relative to the model (see
     * {@code dev.mamori.nn.adapters.ModulePattern}): the mixing layers of the backbone.
     */
    List<String> adapterTargets();

    /** The patch-embedding convolution of this model. */
    default Conv2d patchProjection() {
        return projectionOf(patchEmbedding());
    }

    /** The patch-embedding convolution inside {@code embedding}, a module of the structure of {@link #patchEmbedding()}. */
    default Conv2d projectionOf(Module embedding) {
        String outer = patchEmbeddingPath(), inner = patchProjectionPath();
        if (!inner.equals(outer) && !inner.startsWith(outer + ".")) {
            throw new IllegalStateException("the patch projection '" + inner + "' is not inside the patch embedding '" + outer + "'");
        }
        Module m = embedding.module(inner.equals(outer) ? "" : inner.substring(outer.length() + 1));
        if (!(m instanceof Conv2d conv)) {
            throw new IllegalArgumentException("'" + inner + "' of " + asClassifier().getClass().getSimpleName() + " is a "
                    + m.getClass().getSimpleName() + ", not a convolution");
        }
        return conv;
    }
}
