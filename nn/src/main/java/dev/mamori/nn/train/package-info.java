/**
 * The training core: one {@link dev.mamori.nn.train.Trainer} for every model, over a
 * {@link dev.mamori.nn.train.TrainingStep} that computes one batch's losses and updates.
 *
 * <p>Who owns what. The step: the forward passes, the losses, {@code backward}, and which optimizer steps when
 * ({@link dev.mamori.nn.train.StepContext#step}); it reports named metrics in a
 * {@link dev.mamori.nn.train.StepResult}. The trainer: the epoch and step loop over a
 * {@link dev.mamori.nn.train.BatchSource} (order a pure function of seed and epoch), each optimizer's learning-rate
 * schedule (a function of the global step), gradient clipping, reseeding the stochastic modules, the EMA of chosen
 * modules ({@link dev.mamori.nn.train.Ema}, optionally with warm-up), the epoch-end
 * {@link dev.mamori.nn.train.Evaluator} (run with the EMA weights), the history and {@code metrics.jsonl}, the best
 * epoch of a {@link dev.mamori.nn.train.Monitor}ed metric (early stopping, restore-best), the progress bar with rate,
 * ETA and the running metrics, stopping on a non-finite metric, and {@link dev.mamori.nn.train.Checkpoint}s (every
 * module, optimizer and EMA, the position and the partial-epoch sums; at every epoch end, every N steps, every N
 * seconds) from which {@link dev.mamori.nn.train.Trainer#resume} continues bit for bit - in a new process after
 * kill -9. Classifier training is one step among others: {@link dev.mamori.nn.train.ClassificationStep}, or simply
 * {@link dev.mamori.nn.train.Trainer#classifier}.
 *
 * <p>Randomness a step needs (latents, noise, timesteps) comes from {@code context.random()} and its helpers
 * ({@code normal}, {@code uniform}, {@code integers}): seeded from (run seed, global step), so a resumed run draws the
 * same numbers without any generator state in the checkpoint.
 *
 * <p>A GAN step (alternating updates, non-saturating loss; Goodfellow et al. 2014), trained with two optimizers and
 * an EMA of the generator:
 * <pre>{@code
 * TrainingStep<INDArray> gan = (real, ctx) -> {
 *     long b = real.size(0);
 *     ctx.zeroGrad("d");                                               // discriminator: real vs detached fakes
 *     Tensor fake = generator.call(Tensor.of(ctx.normal(b, latent))).detach();          // [B, C, H, W]
 *     Tensor dLoss = Losses.bceWithLogits(discriminator.call(Tensor.of(real)), ones(b), MEAN)
 *             .add(Losses.bceWithLogits(discriminator.call(fake), zeros(b), MEAN));
 *     dLoss.backward();
 *     ctx.step("d");
 *     ctx.zeroGrad("g");                                               // generator: fool the discriminator
 *     Tensor gLoss = Losses.bceWithLogits(discriminator.call(generator.call(Tensor.of(ctx.normal(b, latent)))), ones(b), MEAN);
 *     gLoss.backward();
 *     ctx.step("g");
 *     return StepResult.of(b).mean("d_loss", dLoss.item()).mean("g_loss", gLoss.item());
 * };
 * Trainer<INDArray> t = Trainer.builder(gan, TrainerConfig.epochs(100).withEma(0.999, 0.75).withCheckpoints(dir, 1000))
 *         .module("generator", generator).module("discriminator", discriminator)
 *         .optimizer("g", adamG, scheduleG).optimizer("d", adamD, scheduleD)
 *         .emaOf("generator").build();
 * }</pre>
 * A discriminator updated every step and a generator every second one is {@code if (ctx.globalStep() % 2 == 0)}
 * around the generator half; the metric averages then count only the steps that reported them.
 *
 * <p>A diffusion step (DDPM epsilon prediction; Ho et al. 2020): timesteps and noise from the step's generator, the
 * noise schedule's cumulative products {@code alphaBar} precomputed, an EMA of the denoiser:
 * <pre>{@code
 * TrainingStep<ImagesAndTokens> ddpm = (batch, ctx) -> {
 *     long b = batch.images().size(0);
 *     int[] t = ctx.integers((int) b, 1000);                           // t ~ U{0, ..., T-1}
 *     INDArray eps = ctx.normal(batch.images().shape());              // eps ~ N(0, I)
 *     INDArray xt = sqrtAlphaBar(t).mul(batch.images()).add(sqrtOneMinusAlphaBar(t).mul(eps)); // q(x_t | x_0)
 *     ctx.zeroGrad("unet");
 *     Tensor loss = Losses.mse(unet.forward(Tensor.of(xt), t, batch.tokens()), Tensor.of(eps), MEAN);
 *     loss.backward();
 *     ctx.step("unet");
 *     return StepResult.of(b).mean("loss", loss.item());
 * };
 * Trainer<ImagesAndTokens> t = Trainer.builder(ddpm, TrainerConfig.epochs(50).withEma(0.9999, 2.0 / 3).withGradClipNorm(1))
 *         .module("unet", unet).optimizer("unet", adamW, LrSchedule.constant(1e-4).withWarmup(500)).build();
 * }</pre>
 */
package dev.mamori.nn.train;
