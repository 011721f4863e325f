package dev.mamori.methods.spurious;

import dev.mamori.generative.pipelines.GenerationOptions;
import dev.mamori.generative.pipelines.LatentDiffusionModel;
import dev.mamori.generative.pipelines.TextToImagePipeline;
import dev.mamori.methods.common.Predictions;
import dev.mamori.methods.common.judge.IndependentClassifier;
import dev.mamori.methods.common.judge.PerceptualDistance;
import dev.mamori.models.Normalized;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Measures one arm on its generations: per judged classifier the spurious rate (share of instance-prompt images it
 * assigns to the target class, though no object was asked for) and the spurious score (its mean probability for the
 * target class, METHODS.md item 8); the robust features' cosine with the references' mean; the perceptual distance
 * (methods.common.judge, the judge's features) to the nearest reference; and the judge's classes of the class-prompt
 * images (prior preservation, compared with the base model's by the report).
 */
public final class SpuriousEvaluation {
    private SpuriousEvaluation() {}

    /** The two prompt sets' images of one arm. */
    public record Generations(INDArray instance, INDArray classPrompt) {}

    /** {@code n} images for each prompt with one seed (the same in every arm: paired). */
    public static Generations generate(LatentDiffusionModel model, String instancePrompt, String classPrompt, int n, GenerationOptions options) {
        TextToImagePipeline pipeline = new TextToImagePipeline(model.eval(), null, false);
        INDArray inst = pipeline.generate(Collections.nCopies(n, instancePrompt), options).images();
        INDArray cls = pipeline.generate(Collections.nCopies(n, classPrompt), options.withSeed(options.seed() + 1)).images();
        return new Generations(inst, cls);
    }

    public static ArmResult measure(String arm, long seed, Generations g, List<Normalized> judged, RobustFeatures robust, INDArray prototype,
                                    INDArray references, IndependentClassifier judge, PerceptualDistance perceptual, int target, Map<String, Double> lastMetrics) {
        int n = (int) g.instance().size(0);
        int[] hits = new int[judged.size()];
        double[] confidence = new double[judged.size()];
        for (int k = 0; k < judged.size(); k++) {
            double[][] p = Predictions.probabilities(judged.get(k), g.instance());
            for (double[] row : p) {
                confidence[k] += row[target];
                if (argMax(row) == target) hits[k]++;
            }
        }
        int robustHits = 0;
        for (int p : Predictions.of(robust.classifier(), g.instance())) if (p == target) robustHits++;
        double[] similarity = robust.cosine(g.instance(), prototype);
        double[] distances = nearestReference(perceptual, g.instance(), references);
        return new ArmResult(arm, seed, n, hits, confidence, robustHits, similarity, distances, judge.predict(g.classPrompt()), lastMetrics);
    }

    /** Per generated image, the perceptual distance (LPIPS-style, the judge's features) to its nearest reference. */
    static double[] nearestReference(PerceptualDistance perceptual, INDArray generated, INDArray references) {
        int n = (int) generated.size(0);
        double[] best = new double[n];
        java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (long r = 0; r < references.size(0); r++) {
            INDArray ref = references.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(r, r + 1));
            INDArray repeated = org.nd4j.linalg.factory.Nd4j.concat(0, java.util.Collections.nCopies(n, ref).toArray(INDArray[]::new));
            double[] d = perceptual.between(generated, repeated);
            for (int i = 0; i < n; i++) best[i] = Math.min(best[i], d[i]);
        }
        return best;
    }

    private static int argMax(double[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
        return best;
    }
}
