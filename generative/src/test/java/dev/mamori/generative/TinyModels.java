package dev.mamori.generative;

import dev.mamori.generative.pipelines.LatentDiffusionModel;
import dev.mamori.generative.schedulers.NoiseSchedule;
import dev.mamori.generative.schedulers.PredictionType;
import dev.mamori.models.diffusion.AutoencoderKL;
import dev.mamori.models.diffusion.SkipConnections;
import dev.mamori.models.diffusion.UNet2DConditionModel;
import dev.mamori.models.text.ClipModel;
import dev.mamori.models.text.WordTokenizer;
import dev.mamori.nn.init.Init;

import java.util.List;

/** Small latent diffusion parts for tests: 16x16 RGB images, 4x4x4 latents, a 6-token text tower 16 wide. */
public final class TinyModels {
    public static final List<String> CAPTIONS = List.of("red square", "blue circle", "green triangle", "yellow star");

    private TinyModels() {}

    public static WordTokenizer tokenizer() {
        return WordTokenizer.fit(CAPTIONS, 1, 6);
    }

    public static ClipModel clip(WordTokenizer t) {
        return new ClipModel(new ClipModel.Config(t.vocabSize(), t.contextLength(), 16, 1, 2, 16, 4, 3, 16, 1, 2, 16, 2, "quick_gelu"));
    }

    public static AutoencoderKL vae() {
        return new AutoencoderKL(new AutoencoderKL.Config(3, 3, 16, new int[]{8, 16, 16}, 1, 4, 4, false, 1.0));
    }

    public static UNet2DConditionModel unet(int contextDim) {
        return new UNet2DConditionModel(new UNet2DConditionModel.Config(4, 4, 4, new int[]{16, 32}, new boolean[]{true, true}, 1, 2,
                contextDim, 1, 8, 1e-5, false, SkipConnections.EVERY_LAYER));
    }

    /** The parts with fresh weights from the seed, scaled-linear schedule, epsilon prediction. */
    public static LatentDiffusionModel model(long seed) {
        Init.seed(seed);
        WordTokenizer t = tokenizer();
        ClipModel clip = clip(t);
        return new LatentDiffusionModel(t, clip.textEncoder(), unet(16), vae(), NoiseSchedule.stableDiffusion(), PredictionType.EPSILON);
    }
}
