package dev.mamori.methods.backdoor.baselines;

import dev.mamori.methods.backdoor.Defense;
import dev.mamori.methods.backdoor.DefenseContext;
import dev.mamori.methods.backdoor.DefenseRun;
import dev.mamori.methods.backdoor.DefenseSamples;
import dev.mamori.methods.backdoor.TrainingAdapter;
import dev.mamori.methods.backdoor.poisoning.Poisoning;
import dev.mamori.methods.backdoor.triggers.NeuralCleanse;
import dev.mamori.methods.common.InMemoryBatchSource;
import dev.mamori.models.Normalized;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Neural Cleanse's mitigation by unlearning (Wang et al., IEEE S&amp;P 2019): the trigger reverse-engineered for the
 * likely target class is stamped on a share of the clean samples, which keep their true labels, and the model is
 * fine-tuned on them with the rest. The share is the reference's 20% of the fine-tuning rows: the stamped rows are
 * added copies of a seeded subset of the samples, so every clean sample also stays. As with our trigger-unknown
 * setting, the smallest-mask class is unlearned whether or not its anomaly index flags it (the report shows the
 * detection); its seconds include the reverse-engineering.
 */
public final class NeuralCleanseUnlearning implements Defense {
    private final double stampedShare;
    private final TrainingAdapter.Settings settings;
    private final int batchSize;

    public NeuralCleanseUnlearning(double stampedShare, TrainingAdapter.Settings settings, int batchSize) {
        if (!(stampedShare > 0 && stampedShare < 1)) throw new IllegalArgumentException("stamped share must be in (0, 1); got " + stampedShare);
        this.stampedShare = stampedShare;
        this.settings = settings;
        this.batchSize = batchSize;
    }

    @Override
    public String name() {
        return "nc_unlearn";
    }

    @Override
    public String describe() {
        return "Neural Cleanse unlearning: " + (int) Math.round(100 * stampedShare) + "% of the rows stamped with the reverse-engineered trigger"
                + " (true labels), fine-tuned: " + settings.describe() + ", batch " + batchSize;
    }

    @Override
    public DefenseRun defend(Normalized model, DefenseContext context) {
        DefenseSamples s = context.samples().checkFor(model);
        NeuralCleanse.Reconstruction rec = context.reconstruction();
        long t0 = System.nanoTime();
        int n = s.size();
        int stamped = Math.max(1, Math.min(n, (int) Math.round(stampedShare * n / (1 - stampedShare))));
        int[] chosen = Anp.batch(n, stamped, new SplittableRandom(settings.seed()));
        Arrays.sort(chosen);
        INDArray stampedImages = rec.trigger().apply(Poisoning.rows(s.images(), chosen));
        int[] labels = new int[n + stamped];
        System.arraycopy(s.labels(), 0, labels, 0, n);
        for (int i = 0; i < stamped; i++) labels[n + i] = s.labels()[chosen[i]];
        INDArray images = Nd4j.concat(0, s.images(), stampedImages);
        model.train();
        TrainingAdapter.Fit fit = TrainingAdapter.fit(model, new InMemoryBatchSource(images, labels, Math.min(batchSize, labels.length), true), settings);
        model.eval();
        Map<String, Object> details = new LinkedHashMap<>(rec.summary());
        details.put("stamped_rows", stamped + " of " + labels.length);
        details.put("steps", fit.steps());
        double own = (System.nanoTime() - t0) / 1e9;
        details.put("unlearning_seconds", own);
        return DefenseRun.single(name(), own + rec.seconds(), n, details);
    }
}
