package dev.mamori.methods.backdoor;

import dev.mamori.methods.backdoor.experiment.AttackSpec;
import dev.mamori.methods.backdoor.experiment.BackdoorTraining;
import dev.mamori.methods.backdoor.experiment.DatasetSplits;
import dev.mamori.methods.backdoor.experiment.ModelSpec;
import dev.mamori.methods.backdoor.triggers.NeuralCleanse;
import dev.mamori.methods.testing.RealDatasets;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Real data and briefly backdoored models for the backdoor tests, made once per test JVM: Fashion-MNIST (3,000 training
 * images, a pool of 100 unseen test images, 1,000 evaluation images) and a small CNN trained 3 epochs with BadNets
 * at 10%. Absent data skips or fails the caller as {@link RealDatasets#require} does.
 */
public final class BackdoorTestData {
    private static DatasetSplits fashion;
    private static final Map<String, BackdoorTraining.Backdoored> MODELS = new HashMap<>();
    private static final Map<String, NeuralCleanse.Reconstruction> RECONSTRUCTIONS = new HashMap<>();

    private BackdoorTestData() {}

    /** The Fashion-MNIST splits (skips the caller when the dataset is absent). */
    public static synchronized DatasetSplits fashion() {
        RealDatasets.require("fashion-mnist");
        if (fashion == null) {
            try {
                fashion = DatasetSplits.open("fashion-mnist", 3000, 100, 1000, 0, new PrintStream(PrintStream.nullOutputStream()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return fashion;
    }

    /** The small CNN of the experiment ({@link ModelSpec#cnn()}) briefly backdoored with {@code trigger}'s default attack. */
    public static synchronized BackdoorTraining.Backdoored backdoored(String trigger) {
        return backdoored(trigger, ModelSpec.cnn());
    }

    /** {@code model} briefly (3 epochs) backdoored with {@code trigger}'s default attack on the Fashion-MNIST splits. */
    public static synchronized BackdoorTraining.Backdoored backdoored(String trigger, ModelSpec model) {
        DatasetSplits data = fashion();
        return MODELS.computeIfAbsent(trigger + "/" + model.model, t -> {
            ModelSpec m = model;
            m.epochs = 3;
            long t0 = System.nanoTime();
            BackdoorTraining.Backdoored b = BackdoorTraining.train(data, m, AttackSpec.of(trigger), 0, false);
            System.out.printf("BackdoorTestData: %s model trained in %.1f s%n", t, (System.nanoTime() - t0) / 1e9);
            return b;
        });
    }

    /**
     * Neural Cleanse (40 steps) on the CNN backdoored with {@code trigger}, run on the first 20 defender samples as the
     * experiment does by default ({@code neuralCleanseMaxSamples}); made once, the tests only read it.
     */
    public static synchronized NeuralCleanse.Reconstruction reverseEngineered(String trigger) {
        BackdoorTraining.Backdoored b = backdoored(trigger);
        return RECONSTRUCTIONS.computeIfAbsent(trigger, t -> {
            NeuralCleanse.Reconstruction r = NeuralCleanse.builder().steps(40).build().run(b.model(), fashion().samples(20).images());
            System.out.printf("BackdoorTestData: %s trigger reverse-engineered in %.1f s%n", t, r.seconds());
            return r;
        });
    }
}
