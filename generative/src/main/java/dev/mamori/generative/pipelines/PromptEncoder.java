package dev.mamori.generative.pipelines;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.models.text.ClipTextModel;
import dev.mamori.models.text.WordTokenizer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.function.Consumer;

/**
 * Prompts to the text states a UNet cross-attends to (Stable Diffusion's encode_prompt): tokenize (truncating long
 * prompts with a warning), run the text encoder, take its last hidden state [B, L, D]. The unconditional context of
 * classifier-free guidance is the empty prompt's, as in Stable Diffusion.
 */
public final class PromptEncoder {
    private final WordTokenizer tokenizer;
    private final ClipTextModel textEncoder;
    private final Consumer<String> warnings;

    /** {@code warnings} receives one line per truncated prompt (null: ignore). */
    public PromptEncoder(WordTokenizer tokenizer, ClipTextModel textEncoder, Consumer<String> warnings) {
        this.tokenizer = tokenizer;
        this.textEncoder = textEncoder;
        this.warnings = warnings;
    }

    /** The text states [B, L, D] of the prompts, without a tape (the text encoder is frozen). */
    public INDArray encode(List<String> prompts) {
        WordTokenizer.Batch batch = tokenizer.encodeBatch(prompts, warnings);
        try (GradMode.Scope off = GradMode.noGrad()) {
            return textEncoder.encode(batch).lastHiddenState().value();
        }
    }

    /** The text states of the empty prompt, [1, L, D]. */
    public INDArray unconditional() {
        return encode(List.of(""));
    }

    /** The states of prompts as a constant tensor. */
    public Tensor context(List<String> prompts) {
        return Tensor.of(encode(prompts));
    }
}
