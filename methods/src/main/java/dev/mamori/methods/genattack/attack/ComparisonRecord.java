package dev.mamori.methods.genattack.attack;

import dev.mamori.eval.metrics.Estimate;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.methods.common.run.JournalImages;

import java.util.List;

/**
 * A {@link SchemeComparison.Result} as a run's journal records it: every score as measured, and the grid's example
 * images at 8 bits ({@link JournalImages}). A scored cell recorded this way needs none of its attacks' weights to be
 * reported again, so a run carried to another machine as its config and journal skips it entirely. An experiment
 * should report {@link #result()} of the record it wrote, not the result it measured, so that an uninterrupted run and
 * a carried one draw the same pixels.
 */
public record ComparisonRecord(String scheme, int images, Proportion judgeAccuracyOnPlain, String perceptualName, List<Scores> attacks,
                               JournalImages examplePlain) {

    /** {@link SchemeComparison.AttackScores} with its examples at 8 bits. */
    public record Scores(String attack, Estimate psnr, Estimate ssim, Estimate perceptual, Proportion agreement, Proportion accuracy, Double frechet,
                         Estimate psnrGain, Estimate ssimGain, Estimate perceptualGain, Estimate agreementGain, JournalImages examples) {}

    public static ComparisonRecord of(SchemeComparison.Result r) {
        List<Scores> scores = r.attacks().stream().map(a -> new Scores(a.attack(), a.psnr(), a.ssim(), a.perceptual(), a.agreement(), a.accuracy(),
                a.frechet(), a.psnrGain(), a.ssimGain(), a.perceptualGain(), a.agreementGain(), JournalImages.of(a.examples()))).toList();
        return new ComparisonRecord(r.scheme(), r.images(), r.judgeAccuracyOnPlain(), r.perceptualName(), scores, JournalImages.of(r.examplePlain()));
    }

    /** The comparison as recorded; an error naming the missing part when the record is incomplete. */
    public SchemeComparison.Result result() {
        if (scheme == null || attacks == null || attacks.isEmpty() || examplePlain == null) {
            throw new IllegalStateException("the comparison record lacks its scheme, its attacks or its examplePlain");
        }
        List<SchemeComparison.AttackScores> scores = attacks.stream().map(a -> {
            if (a.attack() == null || a.psnr() == null || a.ssim() == null || a.psnrGain() == null || a.ssimGain() == null || a.examples() == null) {
                throw new IllegalStateException("the comparison record of " + scheme + ": attack '" + a.attack()
                        + "' lacks one of psnr, ssim, psnrGain, ssimGain, examples");
            }
            return new SchemeComparison.AttackScores(a.attack(), a.psnr(), a.ssim(), a.perceptual(), a.agreement(), a.accuracy(), a.frechet(),
                    a.psnrGain(), a.ssimGain(), a.perceptualGain(), a.agreementGain(), a.examples().images());
        }).toList();
        return new SchemeComparison.Result(scheme, images, judgeAccuracyOnPlain, perceptualName, scores, examplePlain.images());
    }
}
