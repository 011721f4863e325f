package dev.mamori.generative.training;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Activations;
import dev.mamori.autograd.ops.Reduction;
import dev.mamori.models.diffusion.AutoencoderKL;
import dev.mamori.models.diffusion.PatchDiscriminator;
import dev.mamori.nn.distributions.DiagonalGaussianDistribution;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.train.StepContext;
import dev.mamori.nn.train.StepResult;
import dev.mamori.nn.train.TrainingStep;

/**
 * One step of the KL autoencoder's training (latent diffusion, Rombach et al. 2022, arXiv 2112.10752, appendix G;
 * taming-transformers' LPIPSWithDiscriminator): encode, sample the posterior with the step's noise, decode, and
 * minimize L1 reconstruction + perceptual distance + KL. The KL weight keeps latent diffusion's meaning: with the
 * reconstruction terms averaged per pixel here, the KL term is divided by the pixels per image, which is their sum
 * over pixels with kl_weight (1e-6 there). Optionally a {@link PatchDiscriminator} joins after
 * {@code discriminatorStart} steps with the hinge loss (the generator term weighted by {@code discriminatorWeight}, a
 * fixed weight instead of latent diffusion's adaptive one) and an optimizer of its own. Images in [0, 1] (scaled to
 * [-1, 1] here). Modules and optimizers: {@value #VAE}, and {@value #DISCRIMINATOR} when there is one.
 */
public final class VaeTrainingStep implements TrainingStep<CaptionedBatch> {
    public static final String VAE = "vae", DISCRIMINATOR = "discriminator";

    /** Loss weights. */
    public record Weights(double kl, double perceptual, double discriminator, long discriminatorStart) {
        public Weights {
            if (kl < 0 || perceptual < 0 || discriminator < 0 || discriminatorStart < 0) throw new IllegalArgumentException("VAE loss weights must be >= 0");
        }
    }

    private final AutoencoderKL vae;
    private final PerceptualLoss perceptual;
    private final PatchDiscriminator discriminator;
    private final Weights weights;

    /** {@code perceptual} may be null when its weight is 0; {@code discriminator} null when its weight is 0. */
    public VaeTrainingStep(AutoencoderKL vae, PerceptualLoss perceptual, PatchDiscriminator discriminator, Weights weights) {
        if (weights.perceptual() > 0 && perceptual == null) throw new IllegalArgumentException("a perceptual weight needs a perceptual loss");
        if (weights.discriminator() > 0 && discriminator == null) throw new IllegalArgumentException("a discriminator weight needs a discriminator");
        this.vae = vae;
        this.perceptual = perceptual;
        this.discriminator = weights.discriminator() > 0 ? discriminator : null;
        this.weights = weights;
    }

    @Override
    public StepResult run(CaptionedBatch batch, StepContext context) {
        int b = batch.size();
        Tensor x = Tensor.of(batch.inputs().mul(2).subi(1));                              // [B, 3, H, W] in [-1, 1]
        double pixels = x.numel() / (double) b;
        context.zeroGrad(VAE);
        DiagonalGaussianDistribution q = vae.encode(x);
        Tensor z = q.sample(Tensor.of(context.normal(q.mean().shape())));                // [B, C, h, w]
        Tensor rec = vae.decode(z);                                                      // [B, 3, H, W]
        Tensor l1 = Losses.l1(rec, x, Reduction.MEAN);
        Tensor kl = q.klLoss();
        Tensor loss = l1.add(kl.mul(weights.kl() / pixels));
        StepResult r = StepResult.of(b);
        Tensor perc = null;
        if (weights.perceptual() > 0) {
            perc = perceptual.distance(rec, x);
            loss = loss.add(perc.mul(weights.perceptual()));
        }
        boolean adversarial = discriminator != null && context.globalStep() >= weights.discriminatorStart();
        Tensor gLoss = null;
        if (adversarial) {
            gLoss = discriminator.call(rec).mean().neg();                                 // hinge generator loss
            loss = loss.add(gLoss.mul(weights.discriminator()));
        }
        loss.backward();
        context.step(VAE);
        r.mean("loss", loss.item()).mean("l1", l1.item()).mean("kl", kl.item());
        if (perc != null) r.mean("perceptual", perc.item());
        if (adversarial) {
            context.zeroGrad(DISCRIMINATOR);
            Tensor real = discriminator.call(x), fake = discriminator.call(rec.detach());
            Tensor dLoss = Activations.relu(real.neg().add(1)).mean().add(Activations.relu(fake.add(1)).mean()).mul(0.5);
            dLoss.backward();
            context.step(DISCRIMINATOR);
            r.mean("g_loss", gLoss.item()).mean("d_loss", dLoss.item());
        }
        return r;
    }
}
