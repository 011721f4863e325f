package dev.mamori.methods.backdoor.baselines;

import dev.mamori.methods.backdoor.Defense;
import dev.mamori.methods.backdoor.DefenseContext;
import dev.mamori.methods.backdoor.DefenseRun;
import dev.mamori.methods.backdoor.DefenseSamples;
import dev.mamori.methods.backdoor.TrainingAdapter;
import dev.mamori.methods.common.InMemoryBatchSource;
import dev.mamori.models.Normalized;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fine-tuning: every weight trained on the clean samples with cross-entropy (the plainest baseline; catastrophic
 * forgetting of the backdoor is what it hopes for).
 */
public final class FineTuning implements Defense {
    private final TrainingAdapter.Settings settings;
    private final int batchSize;

    public FineTuning(TrainingAdapter.Settings settings, int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1; got " + batchSize);
        this.settings = settings;
        this.batchSize = batchSize;
    }

    @Override
    public String name() {
        return "finetune";
    }

    @Override
    public String describe() {
        return "fine-tuning of all weights on the samples: " + settings.describe() + ", batch " + batchSize;
    }

    @Override
    public DefenseRun defend(Normalized model, DefenseContext context) {
        DefenseSamples s = context.samples().checkFor(model);
        long t0 = System.nanoTime();
        TrainingAdapter.Fit fit = tune(model, s, settings, batchSize);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("steps", fit.steps());
        details.put("final_train_accuracy", fit.finalTrainAccuracy());
        return DefenseRun.single(name(), (System.nanoTime() - t0) / 1e9, s.size(), details);
    }

    /** Fine-tunes {@code model} on the samples (shared by fine-pruning and NAD's teacher). */
    static TrainingAdapter.Fit tune(Normalized model, DefenseSamples s, TrainingAdapter.Settings settings, int batchSize) {
        model.train();
        TrainingAdapter.Fit fit = TrainingAdapter.fit(model, new InMemoryBatchSource(s.images(), s.labels(), Math.min(batchSize, s.size()), true), settings);
        model.eval();
        return fit;
    }
}
