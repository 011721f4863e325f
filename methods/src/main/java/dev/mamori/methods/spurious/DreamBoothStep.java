package dev.mamori.methods.spurious;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Reduction;
import dev.mamori.generative.schedulers.NoiseSchedule;
import dev.mamori.generative.schedulers.PredictionType;
import dev.mamori.models.diffusion.AutoencoderKL;
import dev.mamori.models.diffusion.UNet2DConditionModel;
import dev.mamori.models.text.ClipTextModel;
import dev.mamori.models.text.WordTokenizer;
import dev.mamori.nn.distributions.DiagonalGaussianDistribution;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.train.StepContext;
import dev.mamori.nn.train.StepResult;
import dev.mamori.nn.train.TrainingStep;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;

/**
 * One DreamBooth step (Ruiz et al. 2023, eq. 2) with the optional spurious-feature similarity loss of MaungMaung et al.
 * (ICIP 2024):
 * <pre>
 * L = || eps_hat(x_t^inst, t, c_inst) - eps ||^2  +  lambda_prior || eps_hat(x_t^prior, t', c_class) - eps' ||^2
 *     + lambda_sim * mean over instance rows with t < t_max of [1 - cos(f(D(x0_hat)), mu)]
 * </pre>
 * where x0_hat is the UNet's denoised prediction of the instance latent (DDPM eq. 15), D the frozen VAE decoder, f the
 * frozen robust classifier's pooled features and mu the references' mean features. Latents are drawn from the cached
 * posterior moments; t, eps from the step's seeded generator. The text states come from the frozen text encoder
 * (computed once) or, when it is fine-tuned, from the encoder on the tape. One optimizer, {@value #NAME}, holds
 * whatever is trained (the UNet, its LoRA adapters only, and/or the text encoder).
 */
public final class DreamBoothStep implements TrainingStep<DreamBoothBatch> {
    public static final String NAME = "dreambooth";
    private final UNet2DConditionModel unet;
    private final AutoencoderKL vae;
    private final NoiseSchedule schedule;
    private final PredictionType prediction;
    private final ClipTextModel textEncoder;
    private final WordTokenizer.Batch prompts;
    private final INDArray frozenStates;
    private final double priorWeight, similarityWeight;
    private final int similarityMaxTimestep;
    private final SpuriousSimilarityLoss similarity;

    /**
     * @param textEncoder      the text encoder; its states are taken on the tape when any of its parameters is trainable
     * @param instancePrompt   "[V] [class]"
     * @param classPrompt      "[class]"
     * @param similarity       the similarity loss (null: plain DreamBooth)
     */
    public DreamBoothStep(UNet2DConditionModel unet, AutoencoderKL vae, NoiseSchedule schedule, PredictionType prediction, WordTokenizer tokenizer,
                          ClipTextModel textEncoder, String instancePrompt, String classPrompt, double priorWeight, SpuriousSimilarityLoss similarity,
                          double similarityWeight, int similarityMaxTimestep) {
        this.unet = unet;
        this.vae = vae;
        this.schedule = schedule;
        this.prediction = prediction;
        this.textEncoder = textEncoder;
        this.prompts = tokenizer.encodeBatch(List.of(instancePrompt, classPrompt), null);
        boolean trainText = textEncoder.parameters().stream().anyMatch(Tensor::requiresGrad);
        this.frozenStates = trainText ? null : MemoryScope.outside(() -> {
            try (GradMode.Scope off = GradMode.noGrad()) {
                return textEncoder.encode(prompts).lastHiddenState().value();
            }
        });
        this.priorWeight = priorWeight;
        this.similarity = similarity;
        this.similarityWeight = similarityWeight;
        this.similarityMaxTimestep = similarityMaxTimestep;
    }

    /**
     * The similarity loss per instance row [n]: 1 - cos(f(D(x0_hat)), mu), x0_hat the denoised prediction from the UNet's
     * output at x_t; on the tape, so its gradient reaches the UNet through the frozen decoder.
     */
    Tensor similarityTerm(Tensor unetOutput, Tensor xt, long[] timesteps) {
        Tensor x0 = schedule.originalSample(prediction, unetOutput, xt, timesteps);
        Tensor images = vae.decode(x0.div(vae.scalingFactor())).add(1).mul(0.5).clamp(0, 1);                  // [n, 3, H, W] in [0, 1]
        return similarity.perRow(images);
    }

    @Override
    public StepResult run(DreamBoothBatch batch, StepContext context) {
        int n = batch.instances(), b = batch.size();
        DiagonalGaussianDistribution q = new DiagonalGaussianDistribution(Tensor.of(batch.moments()));
        Tensor z = q.sample(Tensor.of(context.normal(q.mean().shape()))).mul(vae.scalingFactor());          // [2n, C, h, w]
        int[] t = context.integers(b, schedule.numTrainTimesteps());
        long[] ts = new long[b];
        for (int i = 0; i < b; i++) ts[i] = t[i];
        Tensor eps = Tensor.of(context.normal(z.shape()));
        Tensor xt = schedule.addNoise(z, eps, ts);
        Tensor states = frozenStates != null ? Tensor.of(frozenStates) : textEncoder.encode(prompts).lastHiddenState();   // [2, L, D]
        long tokens = states.size(1), width = states.size(2);
        Tensor context2 = Tensor.cat(List.of(states.slice(0, 0, 1).expand(n, tokens, width), states.slice(0, 1, 2).expand(n, tokens, width)), 0);
        context.zeroGrad(NAME);
        Tensor out = unet.call(xt, ts, context2);                                                              // [2n, C, h, w]
        Tensor target = prediction == PredictionType.EPSILON ? eps : schedule.velocity(z, eps, ts);
        Tensor instanceLoss = Losses.mse(out.slice(0, 0, n), target.slice(0, 0, n), Reduction.MEAN);
        Tensor priorLoss = Losses.mse(out.slice(0, n, b), target.slice(0, n, b), Reduction.MEAN);
        Tensor loss = instanceLoss.add(priorLoss.mul(priorWeight));
        StepResult r = StepResult.of(b).mean("instance", instanceLoss.item()).mean("prior", priorLoss.item());
        if (similarity != null) {
            float[] mask = new float[n];
            int used = 0;
            for (int i = 0; i < n; i++) if (ts[i] < similarityMaxTimestep) { mask[i] = 1; used++; }
            if (used > 0) {
                Tensor perRow = similarityTerm(out.slice(0, 0, n), xt.slice(0, 0, n), Arrays.copyOf(ts, n));
                Tensor sim = perRow.mul(Tensor.of(Nd4j.createFromArray(mask))).sum().div(used);
                loss = loss.add(sim.mul(similarityWeight));
                r.metric("similarity", sim.item() * used, used);
            }
        }
        loss.backward();
        context.step(NAME);
        return r.mean("loss", loss.item());
    }
}
