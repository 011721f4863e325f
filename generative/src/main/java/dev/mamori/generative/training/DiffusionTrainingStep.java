package dev.mamori.generative.training;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Reduction;
import dev.mamori.generative.schedulers.NoiseSchedule;
import dev.mamori.generative.schedulers.PredictionType;
import dev.mamori.models.diffusion.UNet2DConditionModel;
import dev.mamori.nn.distributions.DiagonalGaussianDistribution;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.train.StepContext;
import dev.mamori.nn.train.StepResult;
import dev.mamori.nn.train.TrainingStep;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.SplittableRandom;

/**
 * One step of a text-conditioned latent diffusion model's training (DDPM's simple loss, Ho et al. 2020, arXiv
 * 2006.11239, algorithm 1, on latents as in Rombach et al. 2022, eq. 2): latents drawn from the VAE's cached
 * posterior (its moments, so every epoch sees a new sample) times the scaling factor; t ~ U{0..T-1} and eps ~ N(0, I)
 * from the step's generator; x_t = sqrt(a_t) z + sqrt(1 - a_t) eps; the mean squared error of the UNet's output
 * against eps, or against v = sqrt(a_t) eps - sqrt(1 - a_t) z (Salimans & Ho 2022). Each example's caption is
 * replaced by the empty prompt with probability {@code conditionDropout} (Ho & Salimans 2022, section 3.2), so one
 * network learns the unconditional model classifier-free guidance needs. The text encoder is frozen: its states for
 * every caption are computed once ({@code contextTable}). Module and optimizer named {@value #NAME}.
 *
 * <p>The context may instead come from any {@link ContextSource}: the latent-diffusion attack on learnable encryption
 * embeds each example's encrypted image with a conditioner trained jointly with the UNet (register a module holding
 * both under {@value #NAME}, so that one optimizer steps both).
 *
 * <p>A spatial condition (an edge map of sketch-to-photo, MaungMaung et al. 2023) rides in the batch after the
 * latent channels: with {@code conditionChannels} k > 0, the last k input channels are concatenated unchanged to the
 * noisy latent, x_t' = [x_t; c] (the UNet takes C + k channels, as in Stable Diffusion's inpainting and InstructPix2Pix
 * models), while the text still enters by cross-attention. The condition is kept when the caption is dropped.
 */
public final class DiffusionTrainingStep implements TrainingStep<CaptionedBatch> {
    public static final String NAME = "unet";
    private final UNet2DConditionModel unet;
    private final NoiseSchedule schedule;
    private final PredictionType prediction;
    private final ContextSource contexts;
    private final double conditionDropout, scalingFactor;
    private final boolean momentsInput;
    private final int conditionChannels;

    /**
     * @param contextTable     text states of each caption, [captions, L, D]
     * @param unconditional    the empty prompt's states, [1, L, D]
     * @param conditionDropout probability of training an example unconditionally
     * @param scalingFactor    the VAE's latent scale
     * @param momentsInput     batches hold posterior moments [B, 2C, h, w] (true) or clean scaled latents [B, C, h, w]
     */
    public DiffusionTrainingStep(UNet2DConditionModel unet, NoiseSchedule schedule, PredictionType prediction, INDArray contextTable,
                                 INDArray unconditional, double conditionDropout, double scalingFactor, boolean momentsInput) {
        this(unet, schedule, prediction, contextTable, unconditional, conditionDropout, scalingFactor, momentsInput, 0);
    }

    /**
     * The same with a spatial condition of {@code conditionChannels} channels after the latent part of each input
     * (batches [B, 2C + k, h, w] with moments, [B, C + k, h, w] with latents); the UNet must take C + k channels.
     */
    public DiffusionTrainingStep(UNet2DConditionModel unet, NoiseSchedule schedule, PredictionType prediction, INDArray contextTable,
                                 INDArray unconditional, double conditionDropout, double scalingFactor, boolean momentsInput,
                                 int conditionChannels) {
        this(unet, schedule, prediction, new CaptionContextTable(contextTable, unconditional), conditionDropout, scalingFactor, momentsInput,
                conditionChannels);
    }

    /** The same with the context from {@code contexts} (the batch's caption indices name its examples there). */
    public DiffusionTrainingStep(UNet2DConditionModel unet, NoiseSchedule schedule, PredictionType prediction, ContextSource contexts,
                                 double conditionDropout, double scalingFactor, boolean momentsInput, int conditionChannels) {
        if (conditionChannels < 0 || conditionChannels >= unet.config.inChannels()) {
            throw new IllegalArgumentException("condition channels must be in [0, " + unet.config.inChannels() + "), got " + conditionChannels);
        }
        if (!(conditionDropout >= 0 && conditionDropout < 1)) throw new IllegalArgumentException("condition dropout must be in [0, 1), got " + conditionDropout);
        if (contexts.width() != unet.config.crossAttentionDim()) {
            throw new IllegalArgumentException("context width " + contexts.width() + " differs from the UNet's cross-attention width " + unet.config.crossAttentionDim());
        }
        this.unet = unet;
        this.schedule = schedule;
        this.prediction = prediction;
        this.contexts = contexts;
        this.conditionDropout = conditionDropout;
        this.scalingFactor = scalingFactor;
        this.momentsInput = momentsInput;
        this.conditionChannels = conditionChannels;
    }

    @Override
    public StepResult run(CaptionedBatch batch, StepContext context) {
        int b = batch.size();
        INDArray all = batch.inputs();
        long latentChannels = unet.config.inChannels() - conditionChannels;
        long expected = (momentsInput ? 2 : 1) * latentChannels + conditionChannels;
        if (all.rank() != 4 || all.size(1) != expected) {
            throw new IllegalArgumentException("diffusion step: expected inputs [B, " + expected + ", h, w] (" + (momentsInput ? "moments" : "latents")
                    + (conditionChannels > 0 ? " then " + conditionChannels + " condition channels" : "") + "), got " + java.util.Arrays.toString(all.shape()));
        }
        INDArray in = conditionChannels == 0 ? all : all.get(NDArrayIndex.all(), NDArrayIndex.interval(0, expected - conditionChannels)).dup();
        Tensor condition = conditionChannels == 0 ? null
                : Tensor.of(all.get(NDArrayIndex.all(), NDArrayIndex.interval(expected - conditionChannels, expected)).dup());  // [B, k, h, w]
        Tensor z;
        if (momentsInput) {
            DiagonalGaussianDistribution q = new DiagonalGaussianDistribution(Tensor.of(in));
            z = q.sample(Tensor.of(context.normal(q.mean().shape()))).mul(scalingFactor);   // [B, C, h, w]
        } else {
            z = Tensor.of(in);
        }
        int[] t = context.integers(b, schedule.numTrainTimesteps());
        long[] ts = new long[b];
        for (int i = 0; i < b; i++) ts[i] = t[i];
        Tensor eps = Tensor.of(context.normal(z.shape()));
        SplittableRandom rng = context.random();
        boolean[] dropped = new boolean[b];
        for (int i = 0; i < b; i++) dropped[i] = rng.nextDouble() < conditionDropout;
        Tensor textStates = contexts.context(batch.captions(), dropped, context);           // [B, L, D]
        Tensor xt = schedule.addNoise(z, eps, ts);
        if (condition != null) xt = Tensor.cat(java.util.List.of(xt, condition), 1);            // [B, C + k, h, w]
        Tensor target = prediction == PredictionType.EPSILON ? eps : schedule.velocity(z, eps, ts);
        context.zeroGrad(NAME);
        Tensor loss = Losses.mse(unet.call(xt, ts, textStates), target, Reduction.MEAN);
        loss.backward();
        context.step(NAME);
        int drop = 0;
        for (boolean x : dropped) if (x) drop++;
        return StepResult.of(b).mean("loss", loss.item()).hits("uncond", drop);
    }

}
