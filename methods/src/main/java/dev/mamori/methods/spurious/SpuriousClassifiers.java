package dev.mamori.methods.spurious;

import dev.mamori.eval.metrics.Proportion;
import dev.mamori.methods.attacks.Pgd;
import dev.mamori.methods.classification.ClassifierTraining;
import dev.mamori.methods.classification.SavedClassifier;
import dev.mamori.methods.classification.TrainSpec;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.methods.common.Predictions;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.models.Normalized;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The classifiers trained on the correlated data ({@link SpuriousData}): the judged ones (at least three, each with its
 * own seed and architecture), and one adversarially trained (L-inf PGD, {@link ClassifierTraining} with an adversary)
 * whose pooled features feed the similarity loss. Each is checked for the planted shortcut: the share of pattern-only
 * probes it assigns to the target class against the share of plain-background probes. Each is a stage of the run
 * directory ({@code classifiers/<name>}): a resumed run loads the finished ones and continues an interrupted one from
 * its checkpoint.
 */
public final class SpuriousClassifiers {
    private SpuriousClassifiers() {}

    /** A trained classifier with what was measured on it. */
    public record Trained(String name, String description, Normalized model, double testAccuracy, Proportion patternRate, Proportion plainRate,
                          Proportion robustAccuracy) {
        /** The correlation is learnt when pattern-only probes go to the target class more often than plain ones. */
        public boolean learntShortcut() {
            return patternRate.value() > plainRate.value();
        }
    }

    /** The judged classifiers and the robust one. */
    public record Set(List<Trained> judged, Trained robust) {}

    public static Set train(SpuriousConfig cfg, SpuriousData data, RunDirectory run, PrintStream log) throws IOException {
        List<Trained> judged = new ArrayList<>();
        for (int i = 0; i < cfg.classifiers.judged.size(); i++) {
            judged.add(one(cfg, data, run, "classifier-" + i, cfg.classifiers.judged.get(i), false, log));
        }
        Trained robust = one(cfg, data, run, "robust", cfg.classifiers.robust, true, log);
        return new Set(judged, robust);
    }

    private static Trained one(SpuriousConfig cfg, SpuriousData data, RunDirectory run, String name, SpuriousConfig.ClassifierSpec spec,
                               boolean robust, PrintStream log) throws IOException {
        String stage = "classifiers/" + name;
        Path dir = run.stage(stage);
        Normalized model;
        double accuracy;
        if (run.done(stage)) {
            model = SavedClassifier.load(dir.resolve("model.safetensors")).model();
            accuracy = run.result(stage).orElseThrow().get("test_accuracy").asDouble();
            log.printf("%s: trained earlier in this run, loaded%n", name);
        } else {
            TrainSpec t = new TrainSpec();
            t.model = spec.model;
            t.modelConfig.putAll(spec.modelConfig);
            t.dataset = data.correlated().name();
            t.epochs = robust ? cfg.classifiers.robustEpochs : cfg.classifiers.epochs;
            t.lr = cfg.classifiers.lr;
            t.seed = ExperimentSeeds.of(cfg.seed, stage);
            log.printf("%s: training %s for %d epochs%s on %s%n", name, spec, t.epochs, robust ? String.format(Locale.ROOT,
                    " with PGD-%d adversarial training (L-inf eps %.4f)", cfg.classifiers.pgdSteps, cfg.classifiers.pgdEpsilon) : "",
                    data.correlated().name());
            ClassifierTraining.Outcome o = ClassifierTraining.run(t, data.correlated(), dir, false, robust ? m -> adversary(cfg, m) : null);
            model = o.model();
            accuracy = o.testAccuracy();
        }
        model.eval();
        Proportion pattern = targetRate(model, data.patternProbes(), data.target()), plain = targetRate(model, data.plainProbes(), data.target());
        Proportion robustAccuracy = null;
        if (robust) {
            TestSample test = TestSample.of(data, cfg.correlation.probes, ExperimentSeeds.of(cfg.seed, "robust-check-images"));
            var r = Pgd.linf(model, cfg.classifiers.pgdEpsilon).alpha(2.5 * cfg.classifiers.pgdEpsilon / 10).steps(10).randomStart(true)
                    .seed(ExperimentSeeds.of(cfg.seed, "robust-check")).run(test.images(), test.labels());
            robustAccuracy = r.robustAccuracy();
        }
        if (!run.done(stage)) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("test_accuracy", accuracy);
            run.markDone(stage, facts);
        }
        Trained t = new Trained(name, spec.toString() + (robust ? " (PGD-trained)" : ""), model, accuracy, pattern, plain, robustAccuracy);
        log.printf("%s: test accuracy %.1f%%; %s rate on pattern-only probes %s vs plain backgrounds %s%s%n", name, 100 * accuracy,
                data.targetName(), pattern, plain, robustAccuracy == null ? "" : "; PGD-10 robust accuracy " + robustAccuracy);
        return t;
    }

    private static Pgd adversary(SpuriousConfig cfg, Normalized model) {
        double eps = cfg.classifiers.pgdEpsilon;
        return Pgd.linf(model, eps).alpha(2.5 * eps / cfg.classifiers.pgdSteps).steps(cfg.classifiers.pgdSteps).randomStart(true).earlyStop(false);
    }

    /** The share of images the model assigns to {@code target}. */
    public static Proportion targetRate(Normalized model, INDArray images, int target) {
        int hits = 0;
        for (int p : Predictions.of(model, images)) if (p == target) hits++;
        return Proportion.of(hits, images.size(0));
    }

    /** A seeded sample of {@code n} unmodified test images [n, C, H, W] with their labels. */
    private record TestSample(INDArray images, int[] labels) {
        static TestSample of(SpuriousData data, int n, long seed) {
            var all = data.correlated().test();
            var test = n < all.size() ? all.sample(n, seed) : all;
            var first = test.get(0).image();
            int k = test.size(), len = first.channels() * first.height() * first.width();
            float[] px = new float[k * len];
            int[] y = new int[k];
            for (int i = 0; i < k; i++) {
                System.arraycopy(test.get(i).image().toFloat().pixels(), 0, px, i * len, len);
                y[i] = test.get(i).label();
            }
            return new TestSample(Nd4j.create(px, new long[]{k, first.channels(), first.height(), first.width()}, 'c'), y);
        }
    }
}
