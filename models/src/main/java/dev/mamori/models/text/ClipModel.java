package dev.mamori.models.text;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Linear;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A CLIP-style text and image pair (Radford et al. 2021, "Learning Transferable Visual Models From Natural Language
 * Supervision", arXiv 2103.00020), as transformers' CLIPModel with its names: text_model
 * ({@link ClipTextTransformer}), vision_model ({@link ClipVisionTransformer}), text_projection and visual_projection
 * (linear without bias into a shared space), and the learned temperature logit_scale (initialized to ln(1 / 0.07)).
 * Trained contrastively here on captioned images; its text tower ({@link #textEncoder()}) conditions the UNet and the
 * pair scores generated images (our CLIP-style score, not comparable with OpenAI CLIP's).
 */
public final class ClipModel extends Module {

    /**
     * @param vocabSize     the tokenizer's vocabulary size
     * @param contextLength tokens per text (start and end included)
     * @param textWidth     text tower width (the UNet's cross-attention width)
     * @param textLayers    text tower layers
     * @param textHeads     text tower heads
     * @param imageSize     image size
     * @param patchSize     ViT patch
     * @param imageChannels image channels
     * @param visionWidth   image tower width
     * @param visionLayers  image tower layers
     * @param visionHeads   image tower heads
     * @param projectionDim the shared embedding width
     * @param mlpRatio      feed-forward inner size / width in both towers
     * @param hiddenAct     quick_gelu or gelu
     */
    public record Config(int vocabSize, int contextLength, int textWidth, int textLayers, int textHeads, int imageSize, int patchSize,
                         int imageChannels, int visionWidth, int visionLayers, int visionHeads, int projectionDim, int mlpRatio,
                         String hiddenAct) {
        public ClipTextTransformer.Config text() {
            return new ClipTextTransformer.Config(vocabSize, contextLength, textWidth, textLayers, textHeads, mlpRatio * textWidth, hiddenAct, 1e-5);
        }

        public ClipVisionTransformer.Config vision() {
            return new ClipVisionTransformer.Config(imageSize, patchSize, imageChannels, visionWidth, visionLayers, visionHeads,
                    mlpRatio * visionWidth, hiddenAct, 1e-5);
        }

        /** The same architecture for a vocabulary of another size (a tokenizer fitted on other captions). */
        public Config withVocabSize(int v) {
            return new Config(v, contextLength, textWidth, textLayers, textHeads, imageSize, patchSize, imageChannels, visionWidth,
                    visionLayers, visionHeads, projectionDim, mlpRatio, hiddenAct);
        }
    }

    public final Config config;
    public final ClipTextTransformer textModel;
    public final ClipVisionTransformer visionModel;
    public final Linear textProjection, visualProjection;
    public final Tensor logitScale;

    public ClipModel(Config c) {
        this.config = c;
        this.textModel = register("text_model", new ClipTextTransformer(c.text()));
        this.visionModel = register("vision_model", new ClipVisionTransformer(c.vision()));
        this.visualProjection = register("visual_projection", new Linear(c.visionWidth(), c.projectionDim(), false));
        this.textProjection = register("text_projection", new Linear(c.textWidth(), c.projectionDim(), false));
        this.logitScale = registerParameter("logit_scale", Nd4j.scalar(org.nd4j.linalg.api.buffer.DataType.FLOAT, (float) Math.log(1 / 0.07)));
    }

    /** The text tower as a stand-alone text encoder (weights shared), named as Stable Diffusion's text_encoder. */
    public ClipTextModel textEncoder() {
        return new ClipTextModel(textModel);
    }

    /** Text embeddings [B, P] (projected, not normalized). */
    public Tensor textFeatures(WordTokenizer.Batch batch) {
        return textProjection.call(textModel.encode(batch).pooled());
    }

    /** Image embeddings [B, P] of images in [-1, 1] (projected, not normalized). */
    public Tensor imageFeatures(Tensor images) {
        return visualProjection.call(visionModel.call(images));
    }

    /** Rows scaled to unit L2 norm. */
    public static Tensor normalize(Tensor x) {
        return x.div(x.square().sum(true, 1).add(1e-12).sqrt());
    }

    /** Cosine similarity of each image with each text, [B_images, B_texts] (no temperature). */
    public Tensor cosine(Tensor images, WordTokenizer.Batch texts) {
        Tensor i = normalize(imageFeatures(images)), t = normalize(textFeatures(texts));
        return i.matmul(t.transpose(0, 1));
    }

    @Override
    protected Tensor forward(Tensor x) {
        return imageFeatures(x);
    }
}
