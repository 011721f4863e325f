package dev.mamori.methods.sketch2photo;

import dev.mamori.generative.pipelines.GenerationOptions;
import dev.mamori.generative.pipelines.LatentDiffusionModel;
import dev.mamori.generative.pipelines.TextToImagePipeline;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sketch + prompt to image (MaungMaung et al. 2023): the sketch is mapped into the standardized edge domain the model
 * was trained in (or, with no standardizer, taken as raw darkness: the paper's ablation), averaged down to the latent
 * size and given to the UNet beside the noisy latent at every denoising step, while the prompt guides by
 * cross-attention under classifier-free guidance; sampling and decoding are {@link TextToImagePipeline}'s.
 */
public final class SketchToPhotoPipeline {
    private final TextToImagePipeline pipeline;
    private final EdgeStandardizer standardizer;
    private final SketchArm arm;

    /** {@code standardizer}: null for sketches as drawn (no edge standardization, for a model trained on raw edge magnitudes). */
    public SketchToPhotoPipeline(LatentDiffusionModel model, EdgeStandardizer standardizer, Consumer<String> warnings) {
        this(model, standardizer == null ? SketchArm.RAW_TRAINED : SketchArm.STANDARDIZED, standardizer == null ? EdgeStandardizer.defaults() : standardizer, warnings);
    }

    /** Sketches turned into conditions as {@code arm} says ({@code standardizer}: the one the model was trained with). */
    public SketchToPhotoPipeline(LatentDiffusionModel model, SketchArm arm, EdgeStandardizer standardizer, Consumer<String> warnings) {
        if (model.conditionChannels() != EdgeCondition.CHANNELS) {
            throw new IllegalArgumentException("sketch-to-photo needs a UNet with " + EdgeCondition.CHANNELS + " edge channel beside the latents; this one has "
                    + model.conditionChannels());
        }
        this.pipeline = new TextToImagePipeline(model, warnings, false);
        this.standardizer = java.util.Objects.requireNonNull(standardizer, "standardizer");
        this.arm = java.util.Objects.requireNonNull(arm, "arm");
    }

    /** One image per (sketch, prompt): sketches [N, 3, S, S] in [0, 1] at the model's image size S. */
    public TextToImagePipeline.Generation generate(INDArray sketches, List<String> prompts, GenerationOptions o) {
        return pipeline.generate(prompts, conditions(sketches, prompts.size()), o);
    }

    /** The UNet conditions [N, 1, h, w] of the sketches (checked against the model's image size). */
    public INDArray conditions(INDArray sketches, int expected) {
        int size = pipeline.model().vae().config().sampleSize();
        if (sketches.rank() != 4 || sketches.size(1) != 3 || sketches.size(2) != size || sketches.size(3) != size) {
            throw new IllegalArgumentException("sketches must be RGB [N, 3, " + size + ", " + size + "] (this model draws " + size + "x" + size
                    + " images; resize the sketch first), got " + Arrays.toString(sketches.shape()));
        }
        if (sketches.size(0) != expected) throw new IllegalArgumentException(sketches.size(0) + " sketches for " + expected + " prompts");
        int latent = (int) pipeline.model().latentShape()[1];
        return arm.conditions(sketches, standardizer, latent);
    }

    public LatentDiffusionModel model() {
        return pipeline.model();
    }
}
