package dev.mamori.methods.spurious;

/**
 * What one arm (base model, DreamBooth, DreamBooth with the similarity loss) measured for one seed, on the images it
 * generated for the instance prompt and for the class prompt (the same generation seed in every arm, so arms are
 * paired image by image). Stored in the run journal, so a resumed run reports it without regenerating.
 *
 * @param spuriousHits       per judged classifier: instance-prompt images assigned to the target class
 * @param spuriousConfidence per judged classifier: the sum over images of its probability for the target class
 * @param robustHits         the robust classifier's target-class count (it shaped the loss: reported, not judged)
 * @param similarity         per image: cosine of its robust features with the references' mean features
 * @param perceptual         per image: perceptual distance to the nearest reference (empty: not measured)
 * @param judgeClassPrompt   the judge's class for each class-prompt image (prior preservation)
 * @param lastMetrics        the fine-tuning's last-epoch metrics (empty for the base model)
 */
public record ArmResult(String arm, long seed, int images, int[] spuriousHits, double[] spuriousConfidence, int robustHits, double[] similarity,
                        double[] perceptual, int[] judgeClassPrompt, java.util.Map<String, Double> lastMetrics) {

    public static final String BASE = "base model", DREAMBOOTH = "DreamBooth", WITH_LOSS = "DreamBooth + similarity loss";

    /** The judged classifier k's spurious rate. */
    public double rate(int k) {
        return (double) spuriousHits[k] / images;
    }

    /** The mean over judged classifiers of the spurious rate. */
    public double meanRate() {
        double s = 0;
        for (int k = 0; k < spuriousHits.length; k++) s += rate(k);
        return s / spuriousHits.length;
    }

    /** The lowest spurious rate over judged classifiers (the worst case for the claim). */
    public double worstRate() {
        double m = 1;
        for (int k = 0; k < spuriousHits.length; k++) m = Math.min(m, rate(k));
        return m;
    }

    public double meanSimilarity() {
        double s = 0;
        for (double v : similarity) s += v;
        return similarity.length == 0 ? Double.NaN : s / similarity.length;
    }
}
