/**
 * Class-wise spurious feature generation (MaungMaung et al., "Fine-tuning text-to-image diffusion models for
 * class-wise spurious feature generation", ICIP 2024; docs/METHODS.md item 8): a known spurious correlation planted in
 * emoji-category ({@link dev.mamori.methods.spurious.SpuriousData}: a striped background that co-occurs with one
 * class), classifiers that learn it ({@link dev.mamori.methods.spurious.SpuriousClassifiers}, one of them PGD-trained),
 * DreamBooth fine-tuning of a latent diffusion model on the pattern without the object
 * ({@link dev.mamori.methods.spurious.DreamBoothTraining}, {@link dev.mamori.methods.spurious.DreamBoothStep}: rare
 * token, prior preservation, full or LoRA UNet, text encoder frozen or tuned) with the spurious-feature similarity
 * loss ({@link dev.mamori.methods.spurious.SpuriousSimilarityLoss}), and the experiment
 * ({@link dev.mamori.methods.spurious.SpuriousExperiment}, {@code mamori run spurious}) that measures the spurious rate
 * of generations across classifiers with and without the loss.
 */
package dev.mamori.methods.spurious;
