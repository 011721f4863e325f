package dev.mamori.generative.training;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Reduction;
import dev.mamori.models.text.ClipModel;
import dev.mamori.models.text.WordTokenizer;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.train.StepContext;
import dev.mamori.nn.train.StepResult;
import dev.mamori.nn.train.TrainingStep;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of CLIP's contrastive pre-training (Radford et al. 2021, arXiv 2103.00020, figure 3): image and text
 * embeddings, L2-normalized, their cosine similarities times exp(logit_scale) (clipped at 100, section 2.5) as logits,
 * and the symmetric cross-entropy of images against texts and texts against images. A caption may belong to several
 * images of the batch (one emoji drawn by two vendors): the texts are the batch's distinct captions, each image has
 * exactly one right text, and each text's target spreads evenly over its images, so no true pair is pushed apart.
 * Images in [0, 1] (scaled to [-1, 1] here). Module and optimizer named {@value #NAME}.
 */
public final class ClipContrastiveStep implements TrainingStep<CaptionedBatch> {
    public static final String NAME = "clip";
    private static final double MAX_LOGIT_SCALE = Math.log(100);
    private final ClipModel clip;
    private final WordTokenizer.Batch captions;

    /** {@code captions}: the tokenized caption table the batches index. */
    public ClipContrastiveStep(ClipModel clip, WordTokenizer.Batch captions) {
        this.clip = clip;
        this.captions = captions;
    }

    @Override
    public StepResult run(CaptionedBatch batch, StepContext context) {
        int b = batch.size();
        Map<Integer, Integer> distinct = new LinkedHashMap<>();
        int[] textOf = new int[b];
        for (int i = 0; i < b; i++) textOf[i] = distinct.computeIfAbsent(batch.captions()[i], k -> distinct.size());
        int u = distinct.size();
        long[] rows = distinct.keySet().stream().mapToLong(Integer::longValue).toArray();
        INDArray ids = captions.ids().getRows(java.util.Arrays.stream(rows).mapToInt(r -> (int) r).toArray());
        int[] eos = new int[u];
        for (int i = 0; i < u; i++) eos[i] = captions.eosPositions()[(int) rows[i]];

        context.zeroGrad(NAME);
        Tensor images = Tensor.of(batch.inputs().mul(2).subi(1));
        Tensor img = ClipModel.normalize(clip.imageFeatures(images));                             // [B, P]
        Tensor txt = ClipModel.normalize(clip.textFeatures(new WordTokenizer.Batch(ids, eos)));   // [U, P]
        Tensor scale = clip.logitScale.clamp(0, MAX_LOGIT_SCALE).exp();
        Tensor logits = img.matmul(txt.transpose(0, 1)).mul(scale);                             // [B, U]
        Tensor imageLoss = Losses.crossEntropy(logits, textOf);
        float[] targets = new float[u * b];
        int[] count = new int[u];
        for (int i = 0; i < b; i++) count[textOf[i]]++;
        for (int i = 0; i < b; i++) targets[textOf[i] * b + i] = 1f / count[textOf[i]];
        Tensor textLoss = Losses.crossEntropy(logits.transpose(0, 1), Nd4j.create(targets, new long[]{u, b}, 'c')
                .castTo(logits.dataType()), Reduction.MEAN);
        Tensor loss = imageLoss.add(textLoss).mul(0.5);
        loss.backward();
        context.step(NAME);
        long correct = 0;
        int[] best = logits.value().argMax(1).toIntVector();
        for (int i = 0; i < b; i++) if (best[i] == textOf[i]) correct++;
        return StepResult.of(b).mean("loss", loss.item()).hits("accuracy", correct).mean("logit_scale", scale.item());
    }
}
