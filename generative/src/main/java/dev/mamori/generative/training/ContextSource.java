package dev.mamori.generative.training;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.train.StepContext;

/**
 * Where {@link DiffusionTrainingStep} gets the cross-attention context of a batch: a frozen text encoder's states
 * looked up by caption ({@link CaptionContextTable}), or a network trained jointly with the UNet that embeds another
 * input of each example (the encrypted image of the latent-diffusion attack on learnable encryption), whose output
 * then carries gradient into that network.
 */
public interface ContextSource {
    /**
     * The context [B, L, D] of a batch whose examples are {@code rows} (the batch's caption indices); rows with
     * {@code dropped[i]} get the unconditional context (classifier-free guidance's null condition). Any randomness
     * comes from {@code step}, so that a resumed run draws the same.
     */
    Tensor context(int[] rows, boolean[] dropped, StepContext step);

    /** The token count L and width D every context has. */
    long tokens();

    long width();
}
