package dev.mamori.methods.classification;

import dev.mamori.eval.metrics.Accuracy;
import dev.mamori.eval.metrics.ConfusionMatrix;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.eval.report.ExperimentReport;
import dev.mamori.eval.report.Plots;
import dev.mamori.eval.report.Table;
import dev.mamori.nn.train.EpochRecord;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Adds the sections every classifier run reports: results table, training curves, per-class accuracy, confusion. */
public final class ClassificationReport {
    private ClassificationReport() {}

    /** The summary table of several trained models. */
    public static Table summary(List<ClassifierTraining.Outcome> outcomes) {
        Table t = Table.of("Test accuracy", "model", "parameters", "epochs", "test accuracy", "balanced accuracy", "train seconds",
                "examples/s");
        for (ClassifierTraining.Outcome o : outcomes) {
            EpochRecord last = o.training().last();
            t.row(o.modelName(), o.model().parameterCount(), o.training().history().size(),
                    Proportion.of(o.testCorrect(), o.testTotal()), o.balancedAccuracy(), Math.round(o.trainSeconds()),
                    Math.round(last.examplesPerSecond()));
        }
        return t;
    }

    /** One model's detail: curves, per-class accuracy, confusion matrix. */
    public static void details(ExperimentReport r, ClassifierTraining.Outcome o, String filePrefix) {
        List<EpochRecord> h = o.training().history();
        double[] trainLoss = h.stream().mapToDouble(EpochRecord::trainLoss).toArray();
        double[] valLoss = h.stream().mapToDouble(EpochRecord::valLoss).toArray();
        double[] trainAcc = h.stream().mapToDouble(EpochRecord::trainAccuracy).toArray();
        double[] valAcc = h.stream().mapToDouble(EpochRecord::valAccuracy).toArray();
        Map<String, double[]> losses = new LinkedHashMap<>();
        losses.put("train loss", trainLoss);
        losses.put("test loss", valLoss);
        Map<String, double[]> accs = new LinkedHashMap<>();
        accs.put("train accuracy", trainAcc);
        accs.put("test accuracy", valAcc);
        r.section(o.modelName());
        r.paragraph(String.format("%s: %,d parameters, %d epochs in %.0f s; test accuracy %.2f%% (%d/%d).",
                o.modelName(), o.model().parameterCount(), h.size(), o.trainSeconds(), 100 * o.testAccuracy(), o.testCorrect(), o.testTotal()));
        Table epochs = Table.of(o.modelName() + " per epoch", "epoch", "lr", "train loss", "train accuracy", "test loss", "test accuracy", "seconds");
        for (EpochRecord e : h) {
            epochs.row(e.epoch() + 1, e.lr(), e.trainLoss(), e.trainAccuracy(), e.valLoss(), e.valAccuracy(), Math.round(e.seconds()));
        }
        r.table(epochs);
        r.figure(Plots.trainingCurves(filePrefix + "-curves.png", o.modelName() + " training curves", "loss", losses, "accuracy", accs));
        Proportion[] perClass = Accuracy.perClass(o.predictions(), o.labels(), o.classes().size());
        r.figure(Plots.perClassAccuracy(filePrefix + "-per-class.png", o.modelName() + " per-class test accuracy", o.classes(), perClass));
        ConfusionMatrix cm = ConfusionMatrix.of(o.predictions(), o.labels(), o.classes().size());
        r.paragraph("Confusion matrix (rows: true class, columns: predicted):\n\n```\n" + cm.toText(o.classes()) + "\n```");
        r.metric(o.modelName() + ".test_accuracy", Proportion.of(o.testCorrect(), o.testTotal()));
        r.metric(o.modelName() + ".balanced_accuracy", o.balancedAccuracy());
        r.metric(o.modelName() + ".parameters", o.model().parameterCount());
        r.metric(o.modelName() + ".train_seconds", o.trainSeconds());
    }
}
