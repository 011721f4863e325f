package dev.mamori.methods.genattack.experiment;

import dev.mamori.eval.metrics.Estimate;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.methods.genattack.attack.SchemeComparison;

/**
 * One attack's scores on one scheme for one attack seed ({@link SchemeComparison.AttackScores} without the example
 * images), as the run journal keeps it so that a resumed run reports finished stages without redoing them.
 */
public record ComparisonRow(long seed, String scheme, String attack, Estimate psnr, Estimate ssim, Estimate perceptual, Proportion agreement,
                            Proportion accuracy, Estimate psnrGain, Estimate ssimGain, Estimate perceptualGain, Estimate agreementGain, Double frechet) {

    static ComparisonRow of(long seed, String scheme, SchemeComparison.AttackScores a) {
        return new ComparisonRow(seed, scheme, a.attack(), a.psnr(), a.ssim(), a.perceptual(), a.agreement(), a.accuracy(), a.psnrGain(), a.ssimGain(),
                a.perceptualGain(), a.agreementGain(), a.frechet());
    }
}
