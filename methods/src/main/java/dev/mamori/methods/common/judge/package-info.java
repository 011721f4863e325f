/**
 * The independent judge of generated and reconstructed images, shared by the generative experiments: a classifier
 * trained on the real images only ({@link dev.mamori.methods.common.judge.Judge#obtain}), its class predictions, its
 * pooled features (FID-style scores with {@link dev.mamori.eval.metrics.FrechetDistance}) and an LPIPS-style
 * {@link dev.mamori.methods.common.judge.PerceptualDistance} in its feature maps. All of these are ours (no ImageNet
 * networks can be downloaded here); their values are comparable only between measurements with the same judge.
 */
package dev.mamori.methods.common.judge;
