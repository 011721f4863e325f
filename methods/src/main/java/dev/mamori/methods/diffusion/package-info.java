/**
 * Latent diffusion trained here on captioned images, end to end ({@code mamori train diffusion}): the config with its
 * default and quick presets ({@link dev.mamori.methods.diffusion.DiffusionConfig}), the captioned data in memory
 * ({@link dev.mamori.methods.diffusion.CaptionedImages}), the staged training on the generic trainer with resume
 * ({@link dev.mamori.methods.diffusion.LatentDiffusionTraining}), and the honest measurement of the result against an
 * independent judge classifier ({@link dev.mamori.methods.common.judge.IndependentClassifier},
 * {@link dev.mamori.methods.diffusion.DiffusionEvaluation}) with its report
 * ({@link dev.mamori.methods.diffusion.DiffusionReport}). The papers that fine-tune Stable Diffusion (DreamBooth
 * spurious features, sketch-to-photo, the diffusion half of the attack on encryption) start from the pipeline folder
 * this writes.
 */
package dev.mamori.methods.diffusion;
