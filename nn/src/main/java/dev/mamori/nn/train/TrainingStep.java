package dev.mamori.nn.train;

/**
 * One optimization step on one mini-batch: the only part of training that differs between a classifier, a GAN, a
 * diffusion model or a detector. The step computes its losses, calls {@code backward}, and applies the gradients
 * through {@link StepContext#step(String)} (gradient clipping, then the named optimizer); it draws any randomness of
 * its own (noise, timesteps, latents) from {@link StepContext#random()}, which depends only on the run's seed and the
 * global step, so a resumed run draws the same numbers. It returns what it measured; the {@link Trainer} owns
 * everything else (loop, learning-rate schedules, EMA, evaluation, checkpoints, early stopping, progress).
 *
 * <p>The step runs inside a memory scope: every array it creates is invalid after it returns, so it reports Java
 * numbers ({@code loss.item()}), never tensors. See the package documentation for a GAN and a diffusion step.
 *
 * @param <B> the mini-batch type of the {@link BatchSource}
 */
@FunctionalInterface
public interface TrainingStep<B> {
    StepResult run(B batch, StepContext context);
}
