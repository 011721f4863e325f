package dev.mamori.generative.training;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Activations;
import dev.mamori.models.gan.Generator;
import dev.mamori.models.gan.NoiseInput;
import dev.mamori.models.gan.ResNetDiscriminator;
import dev.mamori.nn.train.StepContext;
import dev.mamori.nn.train.StepResult;
import dev.mamori.nn.train.TrainingStep;

/**
 * One StyleGAN2 training step (Karras et al. 2020, arXiv 1912.04958, appendix B): a discriminator update on real images
 * and detached fakes with the non-saturating logistic loss softplus(D(fake)) + softplus(-D(real)) (Goodfellow et al.
 * 2014), the R1 penalty on real images every {@code r1Interval} steps with its weight multiplied by the interval (lazy
 * regularization, section 4 / appendix B), then a generator update with softplus(-D(G(z))) and the discriminator's
 * parameters frozen. The generator's latents use style mixing with probability {@code styleMixing} (a random
 * crossover layer, StyleGAN, arXiv 1812.04948, section 3.1), and its mapping network tracks the running mean of w used
 * by truncation. The EMA of the generator is the trainer's ({@code emaOf(GENERATOR)}). Images come in [0, 1] and are
 * scaled to [-1, 1]. Latents, noise and crossovers come from the step's generator, so resumption is exact. The R1
 * gradient is {@link R1Penalty}'s first-order finite difference, not double backpropagation (see there).
 *
 * <p>Modules {@value #GENERATOR} and {@value #DISCRIMINATOR}; optimizers {@value #G} and {@value #D} (StyleGAN2: Adam
 * with betas (0, 0.99)). Metrics {@code d_loss}, {@code g_loss}, {@code r1} (on the steps that compute it), {@code d_real}
 * and {@code d_fake} (mean logits).
 */
public final class StyleGanTrainingStep implements TrainingStep<CaptionedBatch> {
    public static final String GENERATOR = "generator", DISCRIMINATOR = "discriminator", G = "g", D = "d";

    /**
     * @param r1Gamma     R1 weight gamma (StyleGAN2 uses 0.01-10 by resolution; 1 here for 32x32 by default)
     * @param r1Interval  lazy regularization: R1 every this many steps, weighted by it (StyleGAN2: 16; 1 = every step)
     * @param styleMixing probability of mixing two latents' styles in a generator batch (StyleGAN2: 0.9)
     * @param r1RelativeStep the finite-difference perturbation's rms per pixel ({@link R1Penalty#DEFAULT_RELATIVE_STEP})
     */
    public record Options(double r1Gamma, int r1Interval, double styleMixing, double r1RelativeStep) {
        public Options {
            if (r1Interval < 1) throw new IllegalArgumentException("R1 interval must be >= 1, got " + r1Interval);
            if (!(styleMixing >= 0 && styleMixing <= 1)) throw new IllegalArgumentException("style mixing probability must be in [0, 1], got " + styleMixing);
        }

        public static Options defaults() {
            return new Options(1.0, 16, 0.9, R1Penalty.DEFAULT_RELATIVE_STEP);
        }
    }

    private final Generator generator;
    private final ResNetDiscriminator discriminator;
    private final Options options;
    private final R1Penalty r1;

    public StyleGanTrainingStep(Generator generator, ResNetDiscriminator discriminator, Options options) {
        this.generator = generator;
        this.discriminator = discriminator;
        this.options = options;
        this.r1 = new R1Penalty(options.r1Gamma(), options.r1RelativeStep());
    }

    @Override
    public StepResult run(CaptionedBatch batch, StepContext context) {
        int b = batch.size();
        generator.checkImages(batch.inputs().shape(), "training images for this generator");
        StepResult r = StepResult.of(b);
        NoiseInput noise = context::normal;
        int zDim = generator.config().zDim();

        // discriminator: real against detached fakes, plus lazy R1 on the reals
        context.zeroGrad(D);
        Tensor fake;
        try (GradMode.Scope off = GradMode.noGrad()) {
            fake = generator.call(Tensor.of(context.normal(b, zDim)), 1.0, noise);            // [B, C, R, R]
        }
        Tensor real = Tensor.of(batch.inputs().mul(2).subi(1));                               // [B, C, R, R] in [-1, 1]
        Tensor dReal = discriminator.call(real), dFake = discriminator.call(fake);           // [B, 1]
        Tensor dLoss = Activations.softplus(dFake).mean().add(Activations.softplus(dReal.neg()).mean());
        dLoss.backward();
        if (context.globalStep() % options.r1Interval() == 0 && options.r1Gamma() > 0) {
            R1Penalty.Result p = r1.compute(discriminator::call, real.value(), options.r1Interval());
            if (p.surrogate() != null) p.surrogate().backward();
            r.mean("r1", p.penalty());
        }
        context.step(D);
        r.mean("d_loss", dLoss.item()).mean("d_real", dReal.mean().item()).mean("d_fake", dFake.mean().item());

        // generator: fool the frozen discriminator
        context.zeroGrad(G);
        discriminator.freeze("*");
        try {
            Tensor ws = generator.styles(Tensor.of(context.normal(b, zDim)), 1.0);              // [B, numWs, w_dim]
            generator.mapping.trackAverage(ws.select(1, 0).value());
            if (context.random().nextDouble() < options.styleMixing()) {
                int crossover = 1 + context.random().nextInt(generator.config().numWs() - 1);
                ws = generator.mixStyles(ws, generator.styles(Tensor.of(context.normal(b, zDim)), 1.0), crossover);
            }
            Tensor gLoss = Activations.softplus(discriminator.call(generator.synthesis.call(ws, noise)).neg()).mean();
            gLoss.backward();
            context.step(G);
            r.mean("g_loss", gLoss.item());
        } finally {
            discriminator.unfreeze("*");
        }
        return r;
    }
}
