package dev.mamori.methods.experiment;

import dev.mamori.eval.report.ExperimentReport;
import dev.mamori.eval.report.WrittenReport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's main job: on Fashion-MNIST (fetched if needed), train a ConvMixer and a ViT from the framework's model
 * classes, evaluate them on the test set, and write one report (tables, curves, per-class accuracy, confusion).
 */
public final class Quickstart {
    private Quickstart() {}

    /** The recipes, tuned to fit the 15-minute budget of a 2-core machine (see README for the measured numbers). */
    public static TrainSpec convMixerSpec() {
        TrainSpec s = new TrainSpec();
        s.model = "convmixer_128_8";
        s.epochs = 4;
        s.lr = 0.01;
        s.weightDecay = 0.01;
        s.batchSize = 128;
        return s;
    }

    public static TrainSpec vitSpec() {
        TrainSpec s = new TrainSpec();
        s.model = "vit_mini_patch4_28";
        s.epochs = 2;
        s.lr = 0.002;
        s.weightDecay = 0.05;
        s.batchSize = 128;
        return s;
    }

    public record Result(List<ClassifierTraining.Outcome> outcomes, WrittenReport report) {}

    public static Result run(List<TrainSpec> specs, Path outDir, int trainSubset, PrintStream log) throws IOException {
        long t0 = System.nanoTime();
        String dataset = specs.get(0).dataset;
        long seed = specs.get(0).seed;
        ImageData data = ImageData.open(dataset, trainSubset, 0, seed, log);
        log.printf("%s: %d training and %d test images, %d classes, %dx%dx%d%n", dataset, data.train().size(), data.test().size(),
                data.classes().size(), data.channels(), data.height(), data.width());
        List<ClassifierTraining.Outcome> outcomes = new ArrayList<>();
        for (TrainSpec spec : specs) {
            spec.trainSubset = trainSubset;
            log.printf("training %s for %d epochs (batch %d, %s lr %.4g, %s schedule)%n", spec.model, spec.epochs, spec.batchSize,
                    spec.optimizer, spec.lr, spec.schedule);
            ClassifierTraining.Outcome o = ClassifierTraining.run(spec, data, outDir.resolve(spec.model), true);
            log.printf("%s: test accuracy %.2f%% (%d/%d), trained in %.0f s%n", spec.model, 100 * o.testAccuracy(), o.testCorrect(), o.testTotal(), o.trainSeconds());
            outcomes.add(o);
        }
        ExperimentReport r = ExperimentReport.named("quickstart").seed(seed);
        r.config("dataset", dataset);
        r.config("train_examples", data.train().size());
        r.config("test_examples", data.test().size());
        for (TrainSpec s : specs) r.config(s.model, s);
        r.paragraph("ConvMixer and ViT trained from scratch on " + dataset + " with Mamori's own model classes, on the CPU,"
                + " evaluated on the full test split. Intervals are 95% Wilson score intervals.");
        r.section("Results");
        r.table(ClassificationReport.summary(outcomes));
        for (ClassifierTraining.Outcome o : outcomes) {
            ClassificationReport.details(r, o, o.modelName());
            r.timing(o.modelName() + " training", Duration.ofMillis((long) (o.trainSeconds() * 1000)));
        }
        r.timing("total", Duration.ofNanos(System.nanoTime() - t0));
        WrittenReport written = r.writeTo(outDir);
        return new Result(outcomes, written);
    }
}
