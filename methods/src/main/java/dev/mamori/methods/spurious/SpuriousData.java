package dev.mamori.methods.spurious;

import dev.mamori.data.Dataset;
import dev.mamori.data.LabeledImage;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.methods.common.ImageData;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The spurious-correlation dataset: emoji-category whose training images of the target class are drawn on the
 * {@link BackgroundPattern} with probability {@code targetRate} and those of every other class with probability
 * {@code otherRate} (each image's coin and stripe phase are seeded), so that a classifier can learn "pattern means
 * target class" as a shortcut. The test split is left unmodified (what classifier accuracy is measured on). Beside it:
 * the references (the pattern without any object, DreamBooth's instance images), and the probes that check the
 * correlation was learnt (pattern-only and plain-background images, never the references).
 *
 * @param correlated    the dataset with the planted correlation
 * @param target        the target class's index
 * @param patterned     training images drawn on the pattern, of the target class and of the others
 * @param references    [R, 3, H, W] pattern-only reference images
 * @param patternProbes [P, 3, H, W] pattern-only probes
 * @param plainProbes   [P, 3, H, W] plain-background probes
 */
public record SpuriousData(ImageData correlated, int target, int[] patterned, int[] classCounts, INDArray references, INDArray patternProbes,
                           INDArray plainProbes, BackgroundPattern pattern) {

    public static SpuriousData plant(ImageData data, SpuriousConfig.Correlation cfg, long seed) {
        int target = data.classes().indexOf(cfg.targetClass);
        if (target < 0) {
            throw new IllegalArgumentException("config field 'correlation.targetClass': '" + cfg.targetClass + "' is not a class of " + data.name()
                    + " " + data.classes());
        }
        if (data.channels() != 3 || data.height() != data.width()) throw new IllegalArgumentException(data.name() + ": square RGB images expected");
        BackgroundPattern pattern = new BackgroundPattern(cfg.period);
        Dataset<? extends LabeledImage> source = data.train();
        if (cfg.trainSubset > 0 && cfg.trainSubset < source.size()) source = source.sample(cfg.trainSubset, ExperimentSeeds.of(seed, "subset"));
        SplittableRandom rng = new SplittableRandom(ExperimentSeeds.of(seed, "plant"));
        List<LabeledImage> out = new ArrayList<>(source.size());
        int[] patterned = new int[2], counts = new int[2];
        for (int i = 0; i < source.size(); i++) {
            LabeledImage e = source.get(i);
            boolean isTarget = e.label() == target;
            double coin = rng.nextDouble();
            int phase = rng.nextInt(cfg.period);
            counts[isTarget ? 0 : 1]++;
            if (coin < (isTarget ? cfg.targetRate : cfg.otherRate)) {
                out.add(e.withImage(pattern.applyTo(e.image().toFloat(), phase)));
                patterned[isTarget ? 0 : 1]++;
            } else {
                out.add(e);
            }
        }
        ImageData correlated = new ImageData(data.name() + "+pattern", Dataset.of(out, data.classes()), data.test(), data.classes(),
                data.channels(), data.height(), data.width());
        int size = data.height();
        return new SpuriousData(correlated, target, patterned, counts, pattern.patternOnly(cfg.references, size, ExperimentSeeds.of(seed, "references")),
                pattern.patternOnly(cfg.probes, size, ExperimentSeeds.of(seed, "probes")), BackgroundPattern.plain(cfg.probes, size,
                ExperimentSeeds.of(seed, "plain")), pattern);
    }

    public String targetName() {
        return correlated.classes().get(target);
    }
}
