/**
 * Training a StyleGAN2 ({@link dev.mamori.models.gan.StyleGan2}) on a catalog image dataset (emoji-faces,
 * emoji-category) with the generative module's {@link dev.mamori.generative.training.StyleGanTrainingStep}: its config
 * ({@link dev.mamori.methods.genattack.gan.GanConfig}), the run ({@link dev.mamori.methods.genattack.gan.GanTraining},
 * checkpoints with exact resume, the EMA generator saved as the model), and sample grids.
 */
package dev.mamori.methods.genattack.gan;
