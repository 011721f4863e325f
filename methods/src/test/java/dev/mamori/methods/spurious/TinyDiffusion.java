package dev.mamori.methods.spurious;

import dev.mamori.generative.pipelines.LatentDiffusionModel;
import dev.mamori.generative.schedulers.BetaSchedule;
import dev.mamori.generative.schedulers.NoiseSchedule;
import dev.mamori.generative.schedulers.PredictionType;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.Normalized;
import dev.mamori.models.diffusion.AutoencoderKL;
import dev.mamori.models.diffusion.UNet2DConditionModel;
import dev.mamori.models.text.ClipModel;
import dev.mamori.models.text.WordTokenizer;
import dev.mamori.nn.init.Init;

import java.util.List;
import java.util.Map;

/** Untrained tiny parts for the DreamBooth tests (and a tiny base pipeline for sketch-to-photo's): a latent diffusion model at 32x32 and a small robust-classifier stand-in. */
public final class TinyDiffusion {
    public static final List<String> VOCAB = List.of(WordTokenizer.PAD, WordTokenizer.UNK, WordTokenizer.BOS, WordTokenizer.EOS, "symbols", ":", "face",
            "red", "heart", "zebra");

    private TinyDiffusion() {}

    public static LatentDiffusionModel model(long seed) {
        Init.seed(seed);
        WordTokenizer tokenizer = new WordTokenizer(VOCAB, 16);
        ClipModel clip = ModelRegistry.create("clip_emoji_32", Map.of("vocabSize", VOCAB.size(), "contextLength", 16, "textWidth", 16, "textLayers", 1,
                "textHeads", 2, "visionWidth", 16, "visionLayers", 1, "visionHeads", 2, "projectionDim", 16, "mlpRatio", 2), ClipModel.class);
        AutoencoderKL vae = ModelRegistry.create("vae_kl_emoji_32", Map.of("blockOutChannels", List.of(8, 16, 16), "normNumGroups", 4),
                AutoencoderKL.class);
        vae.setScalingFactor(0.5);
        UNet2DConditionModel unet = ModelRegistry.create("unet_emoji_8", Map.of("blockOutChannels", List.of(16, 32), "normNumGroups", 8,
                "attentionHeads", 2, "crossAttentionDim", 16, "inChannels", 4, "outChannels", 4, "sampleSize", 8), UNet2DConditionModel.class);
        return new LatentDiffusionModel(tokenizer, clip.textEncoder(), unet, vae, new NoiseSchedule(BetaSchedule.SCALED_LINEAR, 0.00085, 0.012, 1000),
                PredictionType.EPSILON);
    }

    /** An untrained ConvMixer with [0, 1] inputs: stands in for the robust classifier (only its features' gradients are tested). */
    static Normalized featureClassifier(long seed) {
        Init.seed(seed);
        return new Normalized(ModelRegistry.create("convmixer_256_8", Map.of("dim", 16, "depth", 1, "patchSize", 4, "numClasses", 9)),
                new double[]{0.5, 0.5, 0.5}, new double[]{0.5, 0.5, 0.5});
    }
}
