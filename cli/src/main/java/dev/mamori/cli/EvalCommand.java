package dev.mamori.cli;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.data.Batch;
import dev.mamori.eval.metrics.Accuracy;
import dev.mamori.eval.metrics.ConfusionMatrix;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.eval.report.ExperimentReport;
import dev.mamori.eval.report.Plots;
import dev.mamori.eval.report.Table;
import dev.mamori.methods.classification.SavedClassifier;
import dev.mamori.methods.common.ImageData;
import dev.mamori.methods.common.config.Check;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a trained classifier (model.safetensors from mamori train) on a dataset's test split.")
final class EvalCommand implements Callable<Integer> {
    @Mixin
    ModelFileOption model;

    @Option(names = "--dataset", description = "Dataset (default: the one the model was trained on).")
    String dataset;

    @Check(min = 0, expected = "a number of test images >= 0 (0 = all)")
    @Option(names = "--test-subset", defaultValue = "0", description = "Evaluate on only this many test images.")
    int testSubset;

    @Option(names = "--out", description = "Write a report here.")
    Path out;

    @Option(names = "--key", description = "For a model trained on encrypted images: the key file; the plain test images are encrypted with"
            + " it before classification (the data owner's view).")
    Path key;

    @Option(names = "--encrypted", description = "For a model trained on encrypted images: evaluate on the already-encrypted test split of this"
            + " folder (written by mamori encrypt; the server's view, no key needed).")
    Path encrypted;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        if (key != null && encrypted != null) throw new IllegalArgumentException("--key and --encrypted exclude each other");
        SavedClassifier.Loaded loaded = model.load();
        ImageData data;
        String ds;
        java.util.function.Function<org.nd4j.linalg.api.ndarray.INDArray, int[]> predict;
        java.io.Closeable toClose = null;
        if (encrypted != null) {
            var splits = dev.mamori.methods.encryption.dataset.EncryptedSplits.openDirectory(encrypted);
            toClose = splits;
            if (!splits.datasetName().equals(loaded.info().dataset())) {
                splits.close();
                throw new IllegalArgumentException(encrypted + " holds " + splits.datasetName() + " but " + model.file() + " was trained on "
                        + loaded.info().dataset());
            }
            data = splits.imageData();
            ds = splits.datasetName();
            predict = images -> argMax(loaded, images);
        } else if (key != null) {
            var served = dev.mamori.methods.encryption.serving.EncryptedClassifier.load(loaded, model.file(), key);
            String trainedOn = loaded.info().dataset();
            ds = dataset != null ? dataset : trainedOn.split("/", 4)[3];
            data = ImageData.open(ds, 1, testSubset, 0, System.err);
            predict = served::predictPlain;
        } else {
            ds = dataset != null ? dataset : loaded.info().dataset();
            if (ds.startsWith("encrypted/")) {
                throw new IllegalArgumentException(model.file() + " was trained on encrypted images (" + ds + "): give --key <key file> or --encrypted <folder>");
            }
            data = ImageData.open(ds, 1, testSubset, 0, System.err);
            predict = images -> argMax(loaded, images);
        }
        int n = data.test().size();
        int[] pred = new int[n], labels = new int[n];
        int k = 0;
        try (var loader = data.testLoader(256)) {
            for (Batch b : loader.epoch(0)) {
                int[] p = predict.apply(b.images());
                System.arraycopy(p, 0, pred, k, p.length);
                System.arraycopy(b.labels(), 0, labels, k, p.length);
                k += p.length;
            }
        } finally {
            if (toClose != null) toClose.close();
        }
        Proportion acc = Accuracy.of(pred, labels);
        ConfusionMatrix cm = ConfusionMatrix.of(pred, labels, data.classes().size());
        var ci = acc.wilson();
        stdout.printf("%s on %s (%d test images): accuracy %.2f%% [95%% CI %.2f%%, %.2f%%]%n%n", loaded.info().architecture(), ds, n,
                100 * acc.value(), 100 * ci.lower(), 100 * ci.upper());
        stdout.println(cm.toText(data.classes()));
        if (out != null) {
            Proportion[] perClass = Accuracy.perClass(pred, labels, data.classes().size());
            Table t = Table.of("Per-class accuracy", "class", "accuracy");
            for (int c = 0; c < perClass.length; c++) t.row(data.classes().get(c), perClass[c]);
            ExperimentReport.named("eval " + loaded.info().architecture()).config("model_file", model.file().toString()).config("dataset", ds)
                    .metric("accuracy", acc).section("Accuracy").table(t)
                    .figure(Plots.perClassAccuracy("per-class.png", "per-class accuracy", data.classes(), perClass))
                    .writeTo(out);
            stdout.println("report: " + out.resolve("report.html"));
        }
        stdout.flush();
        return 0;
    }

    private static int[] argMax(SavedClassifier.Loaded loaded, org.nd4j.linalg.api.ndarray.INDArray images) {
        try (MemoryScope ignored = MemoryScope.open("eval"); GradMode.Scope off = GradMode.noGrad()) {
            return loaded.model().call(Tensor.of(images)).value().argMax(1).toIntVector();
        }
    }
}
