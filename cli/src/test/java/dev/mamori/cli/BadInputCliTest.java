package dev.mamori.cli;

import dev.mamori.methods.classification.SavedClassifier;
import dev.mamori.methods.encryption.EncryptionKey;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.encryption.catalog.SchemeOptions;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.Normalized;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.io.SafeTensors;
import dev.mamori.nn.train.Checkpoint;
import dev.mamori.nn.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.mamori.cli.CliProcess.expect;
import static dev.mamori.cli.CliProcess.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input is never silently accepted: each case runs the real {@code mamori} command in a child JVM and checks the
 * exit code (2: bad usage, configuration or input file; 1: a run that failed, here a diverged training) and that the
 * message names the file or option, the field and what was expected. Cases that need no dataset come first; they stop
 * before any training (most before ND4J is even loaded), so each costs about a JVM start.
 */
class BadInputCliTest {

    private static Path yaml(Path dir, String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void configValuesThatWouldTrainADeadModelAreUsageErrorsNamingFileAndField(@TempDir Path dir) throws Exception {
        expect(run(dir, "inf", "train", "-c", yaml(dir, "inf.yaml", "lr: .inf\n").toString(), "--print-config"), 2,
                "inf.yaml (line 1): config field 'lr': expected a finite number, got .inf");
        expect(run(dir, "nan", "train", "-c", yaml(dir, "nan.yaml", "model: simple_cnn\nweightDecay: .nan\n").toString(), "--print-config"), 2,
                "nan.yaml (line 2): config field 'weightDecay': expected a finite number, got .nan");
        expect(run(dir, "infinity", "train", "-c", yaml(dir, "infinity.yaml", "lr: Infinity\n").toString(), "--print-config"), 2,
                "infinity.yaml: config field 'lr': expected a positive, finite learning rate, got Infinity");
        expect(run(dir, "subset", "train", "-c", yaml(dir, "subset.yaml", "trainSubset: -5\n").toString(), "--print-config"), 2,
                "subset.yaml: config field 'trainSubset': expected a number of examples >= 0 (0 = all), got -5");
        expect(run(dir, "null", "train", "-c", yaml(dir, "null.yaml", "modelConfig: ~\n").toString(), "--print-config"), 2,
                "null.yaml: config field 'modelConfig': expected a map of names to values, got null");
        expect(run(dir, "type", "train", "-c", yaml(dir, "type.yaml", "epochs: five\n").toString(), "--print-config"), 2,
                "type.yaml (line 1): config field 'epochs': expected an integer, got 'five'");
        expect(run(dir, "decay", "train", "-c", yaml(dir, "decay.yaml", "weightDecay: -1\n").toString(), "--print-config"), 2,
                "decay.yaml: config field 'weightDecay': expected a finite weight decay >= 0, got -1.0");
        expect(run(dir, "nested", "run", "keydefense", "-c", yaml(dir, "kd.yaml", "backbones:\n  vit:\n    lr: .inf\n").toString(),
                "--print-config"), 2, "kd.yaml (line 3): config field 'backbones.vit.lr': expected a finite number, got .inf");
    }

    /** The other experiments' configs get the same checks: a number YAML reads as infinite, nested or not, names file and path. */
    @Test
    void everyExperimentsConfigNamesFileAndField(@TempDir Path dir) throws Exception {
        expect(run(dir, "backdoor", "run", "backdoor", "-c", yaml(dir, "bd.yaml", "models:\n  cnn:\n    lr: 1e400\n").toString(),
                "--print-config"), 2, "bd.yaml: config field 'models.cnn.lr': expected a finite number, got Infinity");
        expect(run(dir, "encryption", "run", "encryption", "-c", yaml(dir, "enc.yaml", "weightDecay: 1e400\n").toString(),
                "--print-config"), 2, "enc.yaml: config field 'weightDecay': expected a finite number, got Infinity");
        expect(run(dir, "access", "run", "accesscontrol", "-c", yaml(dir, "ac.yaml", "seeds: []\n").toString(), "--print-config"), 2,
                "ac.yaml: config field 'seeds': expected at least one training seed");
        expect(run(dir, "diffusion", "train", "diffusion", "-c", yaml(dir, "diff.yaml", "unet:\n  lr: .inf\n").toString(),
                "--print-config"), 2, "diff.yaml (line 2): config field 'unet.lr': expected a finite number, got .inf");
        expect(run(dir, "spurious", "run", "spurious", "-c", yaml(dir, "sp.yaml", "dreambooth:\n  lr: .inf\n").toString(),
                "--print-config"), 2, "sp.yaml (line 2): config field 'dreambooth.lr': expected a finite number, got .inf");
    }

    @Test
    void optionsThatWouldRunNothingAreUsageErrorsNamingTheOption(@TempDir Path dir) throws Exception {
        Path model = tinyModel(dir.resolve("model.safetensors"), null);
        expect(run(dir, "examples0", "attack", model.toString(), "--examples", "0"), 2,
                "mamori attack: --examples: expected a positive number of test images, got 0");
        expect(run(dir, "examples-4", "attack", model.toString(), "--examples", "-4"), 2, "--examples", "got -4");
        expect(run(dir, "subset", "eval", model.toString(), "--test-subset", "-5"), 2,
                "mamori eval: --test-subset: expected a number of test images >= 0 (0 = all), got -5");
        expect(run(dir, "twice", "train", "--model", "vit", "--model", "convmixer", "--print-config"), 2,
                "option '--model' is given twice ('vit', then 'convmixer'); give it once");
        expect(run(dir, "lr", "train", "--lr", "Infinity", "--print-config"), 2, "--lr: expected a finite number, got Infinity");
        expect(run(dir, "decay", "train", "--weight-decay", "-1", "--print-config"), 2, "--weight-decay: expected a finite weight decay >= 0");
        expect(run(dir, "steps", "generate", "--model", dir.resolve("pipeline").toString(), "--prompt", "a cat", "--steps", "0"), 2,
                "mamori generate: --steps: expected 1 to 1000 denoising steps, got 0");
        expect(run(dir, "encrypt", "encrypt", "--dataset", "fashion-mnist", "--batch-size", "-1"), 2,
                "mamori encrypt: --batch-size: expected a positive batch size, got -1");
    }

    @Test
    void damagedModelFilesAreUsageErrorsNamingFileAndField(@TempDir Path dir) throws Exception {
        Path nan = tinyModel(dir.resolve("nan.safetensors"), m -> m.tensors().get("fc2.weight").putScalar(0, Float.NaN));
        expect(run(dir, "nan", "eval", nan.toString()), 2, nan.toString(), "fc2.weight (1 of", "NaN or infinite",
                "--allow-non-finite-weights");
        Path nullConfig = tinyModel(dir.resolve("null-config.safetensors"), m -> m.metadata().put("config", "null"));
        expect(run(dir, "null-config", "eval", nullConfig.toString()), 2, nullConfig.toString(), "metadata field 'config' is null");
        Path huge = tinyModel(dir.resolve("huge.safetensors"), m -> m.metadata().put("config", "{\"width\": 100000, \"hidden\": 8}"));
        expect(run(dir, "huge", "eval", huge.toString()), 2, huge.toString(), "do not describe a model that fits");
        Path negative = tinyModel(dir.resolve("negative.safetensors"), m -> m.metadata().put("config", "{\"width\": -2, \"hidden\": 8}"));
        expect(run(dir, "negative", "eval", negative.toString()), 2, negative.toString(), "negative size");
        Path classes = tinyModel(dir.resolve("classes.safetensors"), m -> m.metadata().put("classes", "[\"a\", \"b\", \"c\"]"));
        expect(run(dir, "classes", "eval", classes.toString()), 2, classes.toString(), "'classes' names 3 classes, expected 10");
        Path arch = tinyModel(dir.resolve("arch.safetensors"), m -> m.metadata().put("architecture", "resnet9000"));
        expect(run(dir, "arch", "eval", arch.toString()), 2, arch.toString(), "'architecture': unknown model 'resnet9000'");
        Path dataset = tinyModel(dir.resolve("dataset.safetensors"), m -> m.metadata().remove("dataset"));
        expect(run(dir, "dataset", "eval", dataset.toString()), 2, dataset.toString(), "'dataset' is missing");
        Path twice = dir.resolve("twice.safetensors");
        byte[] good = Files.readAllBytes(tinyModel(dir.resolve("good.safetensors"), null));
        String text = new String(good, StandardCharsets.ISO_8859_1);
        // rename tensor "fc1.bias" to "fc2.bias" in place (same length): the header then names fc2.bias twice
        Files.write(twice, text.replaceFirst("\"fc1\\.bias\"", "\"fc2.bias\"").getBytes(StandardCharsets.ISO_8859_1));
        expect(run(dir, "twice", "eval", twice.toString()), 2, twice.toString(), "field 'fc2.bias' twice");
    }

    /** A NaN weight is evaluated only when asked for, with a warning (the result is then 10% or so, and says why). */
    @Test
    void nonFiniteWeightsCanBeAllowedExplicitly(@TempDir Path dir) throws Exception {
        CliProcess.requireFashionMnist();
        Path nan = tinyModel(dir.resolve("nan.safetensors"), m -> m.tensors().get("fc2.weight").putScalar(0, Float.NaN));
        CliProcess.Result r = run(dir, "allowed", "eval", nan.toString(), "--allow-non-finite-weights", "--test-subset", "50");
        expect(r, 0, "warning: " + nan, "results computed with this model are not meaningful");
        assertThat(r.out()).contains("(50 test images)");
    }

    /**
     * The keyed path ({@code eval --key}: a model trained on encrypted images, served with its key) applies the same
     * check and the same flag as the plain one: refused by default, loaded with the warning when allowed.
     */
    @Test
    void nonFiniteWeightsOfAKeyedModelAreRefusedUnlessAllowed(@TempDir Path dir) throws Exception {
        CliProcess.requireFashionMnist();
        Scheme etc = Scheme.fromConfigName("etc");
        EncryptionKey key = etc.fromSeed(3, etc.geometry(1, 28, 28, SchemeOptions.defaults()), SchemeOptions.defaults());
        Path keyFile = dir.resolve("etc.key");
        Scheme.save(keyFile, key);
        Path nan = tinyModel(dir.resolve("nan.safetensors"), "encrypted/etc/" + key.id() + "/fashion-mnist",
                m -> m.tensors().get("fc2.weight").putScalar(0, Float.NaN));
        expect(run(dir, "keyed-refused", "eval", nan.toString(), "--key", keyFile.toString(), "--test-subset", "20"), 2,
                nan.toString(), "hold NaN or infinite values");
        CliProcess.Result allowed = run(dir, "keyed-allowed", "eval", nan.toString(), "--key", keyFile.toString(), "--test-subset", "20",
                "--allow-non-finite-weights");
        expect(allowed, 0, "warning: " + nan, "results computed with this model are not meaningful");
        assertThat(allowed.out()).contains("(20 test images)");
    }

    /**
     * A learning rate that blows the weights up stops the run with exit code 1 and a message naming the step and what
     * diverged; the checkpoint before it is kept and no model file is written.
     */
    @Test
    void aDivergingTrainingRunStopsAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws Exception {
        CliProcess.requireFashionMnist();
        Path out = dir.resolve("run");
        CliProcess.Result r = run(dir, "diverge", "train", "--model", "simple_cnn", "--model-config", "width=4,hidden=16", "--train-subset", "256",
                "--test-subset", "64", "--epochs", "1", "--batch-size", "32", "--optimizer", "sgd", "--schedule", "constant", "--lr", "1e6",
                "--checkpoint-every-steps", "1", "--out", out.toString());
        expect(r, 1, "mamori: training stopped: ", " became ", " at step ", "is kept");
        assertThat(out.resolve("model.safetensors")).doesNotExist();
        long kept = Checkpoint.read(out.resolve("checkpoints"), Trainer.LAST).position().step();
        assertThat(r.err()).contains("the last checkpoint (step " + kept + ")");
        assertThat(kept).isPositive();
    }

    /** A mutation of a saved tiny model's contents (tensors and metadata, both editable), written back as a file. */
    @FunctionalInterface
    interface Mutation {
        void apply(Contents c) throws Exception;
    }

    /** Mutable copies of a file's tensors and metadata. */
    record Contents(Map<String, INDArray> tensors, Map<String, String> metadata) {}

    private static Path tinyModel(Path file, Mutation mutation) throws Exception {
        return tinyModel(file, "fashion-mnist", mutation);
    }

    /** A tiny Fashion-MNIST model whose metadata says it was trained on {@code dataset}, then mutated (may be null). */
    private static Path tinyModel(Path file, String dataset, Mutation mutation) throws Exception {
        Init.seed(1);
        Map<String, Object> config = Map.of("width", 2, "hidden", 8);
        Normalized model = new Normalized(ModelRegistry.create("simple_cnn", config), new double[]{0.2860}, new double[]{0.3530});
        SavedClassifier.save(file, model, "simple_cnn", config, List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
                "Shirt", "Sneaker", "Bag", "Ankle boot"), dataset);
        if (mutation == null) return file;
        SafeTensors.Contents c = SafeTensors.read(file);
        Contents copy = new Contents(new LinkedHashMap<>(), new LinkedHashMap<>(c.metadata()));
        c.tensors().forEach((k, v) -> copy.tensors().put(k, v.dup()));
        mutation.apply(copy);
        // crafted on purpose: the header digest is recomputed, so that the field checks are what refuses the file
        SafeTensors.write(file, copy.tensors(), copy.metadata());
        copy.metadata().put(SavedClassifier.DIGEST, SavedClassifier.headerDigest(SafeTensors.entries(file), copy.metadata()));
        SafeTensors.write(file, copy.tensors(), copy.metadata());
        return file;
    }
}
