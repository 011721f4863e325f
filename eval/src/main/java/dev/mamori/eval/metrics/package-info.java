/**
 * Metrics with their uncertainty: accuracy and per-class accuracy, confusion matrices, attack success rate and robust
 * accuracy (as {@link dev.mamori.eval.metrics.Proportion}s with Wilson score intervals), bootstrap intervals,
 * perturbation norms, PSNR and SSIM for image reconstruction, and the defense effectiveness rate of backdoor defenses.
 */
package dev.mamori.eval.metrics;
