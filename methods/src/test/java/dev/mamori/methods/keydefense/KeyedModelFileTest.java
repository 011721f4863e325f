package dev.mamori.methods.keydefense;

import dev.mamori.methods.common.InMemoryBatchSource;
import dev.mamori.methods.crypto.KeyFileException;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.crypto.blockwise.BlockFfx;
import dev.mamori.methods.crypto.blockwise.BlockTransform;
import dev.mamori.methods.crypto.blockwise.FfxVariant;
import dev.mamori.methods.crypto.blockwise.TransformChain;
import dev.mamori.methods.testing.KeyLeaks;
import dev.mamori.methods.testing.TestImages;
import dev.mamori.models.Classifier;
import dev.mamori.models.Normalized;
import dev.mamori.nn.io.SafeTensors;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Export to one safetensors file, loading with key files, predictions, mismatch errors, and keys never leaking. */
class KeyedModelFileTest {
    @TempDir
    Path dir;

    static Path saveKey(Path dir, String name, SecretKey key) throws IOException {
        Path p = dir.resolve(name);
        key.save(p);
        return p;
    }

    @Test
    void absorbedViTRoundTripGivesIdenticalPredictionsAndTheFileDescribesTheModel() throws IOException {
        SecretKey key = SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 4, 1, 1);
        KeyedClassifier keyed = KeyAbsorption.absorb(KeyedModels.tinyVit(1), key);
        keyed.eval();
        Path model = dir.resolve("model.safetensors");
        keyed.save(model);
        Path keyFile = saveKey(dir, "k.json", key);

        KeyedModel loaded = KeyedClassifier.load(model, keyFile);
        assertThat(loaded).isInstanceOf(KeyedClassifier.class);
        INDArray x = KeyedModels.varied(2, 5, 1, 28);
        Prediction want = keyed.predict(x), got = loaded.predict(x);
        assertThat(got.classes()).isEqualTo(want.classes());
        assertThat(got.probabilities()).isEqualTo(want.probabilities());
        assertThat(got.size()).isEqualTo(5);
        assertThat(got.confidence(0)).isEqualTo(got.probabilities()[0][got.label(0)]);
        // one image [C, H, W] gives the first row of the batch prediction
        Prediction single = loaded.predict(x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(3)));
        assertThat(single.classes()).containsExactly(want.classes()[3]);

        SafeTensors.Contents contents = SafeTensors.read(model);
        assertThat(contents.tensors().keySet()).contains("patch_embed.proj.weight", "blocks.1.mlp.fc2.bias", "head.weight")
                .noneMatch(n -> n.startsWith("model."));
        Map<String, String> meta = contents.metadata();
        assertThat(meta).containsEntry("format", "mamori-keyed-model").containsEntry("model", "keyed");
        assertThat(meta.get("architecture")).contains("\"family\":\"vit\"").contains("\"embedDim\":32");
        assertThat(meta.get("keys")).isEqualTo("[[{\"kind\":\"negative_positive\",\"block_size\":4,\"channels\":1,\"id\":\"" + key.id() + "\"}]]");
        assertThat(meta.get("input")).isEqualTo("{\"channels\":1,\"image_size\":28,\"num_classes\":10}");
    }

    @Test
    void normalizedFfxModelAndChainedKeysRoundTrip() throws IOException {
        SecretKey ffx = SecretKey.fromSeed(TransformKind.FFX, 4, 3, 2);
        Classifier inner = KeyedModels.colourVit(5);
        KeyedClassifier keyed = new KeyedClassifier(ffx, new Normalized(inner, new double[]{0.5, 0.4, 0.3}, new double[]{0.2, 0.25, 0.3}));
        keyed.eval();
        Path model = dir.resolve("ffx.safetensors");
        keyed.save(model);
        assertThat(SafeTensors.read(model).metadata().get("architecture")).contains("\"normalization\":{\"mean\":[0.5,0.4,0.3]");
        KeyedModel loaded = KeyedClassifier.load(model, saveKey(dir, "ffx.json", ffx));
        assertThat(((KeyedClassifier) loaded).model).isInstanceOf(Normalized.class);
        INDArray x = KeyedModels.varied(3, 4, 3, 16);
        assertThat(loaded.predict(x).probabilities()).isEqualTo(keyed.predict(x).probabilities());

        SecretKey shuffle = SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 3, 3), np = SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 2, 3, 4);
        KeyedClassifier chained = KeyAbsorption.absorb(KeyedModels.colourVit(6), shuffle, np);
        chained.eval();
        Path chainedFile = dir.resolve("chain.safetensors");
        chained.save(chainedFile);
        // key files in any order
        KeyedModel back = KeyedClassifier.load(chainedFile, saveKey(dir, "np.json", np), saveKey(dir, "shuffle.json", shuffle));
        assertThat(((KeyedClassifier) back).transform()).isEqualTo(chained.transform());
        assertThat(back.predict(x).probabilities()).isEqualTo(chained.predict(x).probabilities());
    }

    @Test
    void nonIsotropicModelsTrainedFromScratchRoundTripToo() throws IOException {
        SecretKey key = SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 7);
        KeyedClassifier keyed = new KeyedClassifier(key, KeyedModels.model("resnet_mini_cifar", 7)); // batch-norm buffers, int[] config
        keyed.eval();
        Path model = dir.resolve("resnet.safetensors");
        keyed.save(model);
        assertThat(SafeTensors.read(model).metadata().get("architecture")).contains("\"family\":\"resnet\"").contains("\"widths\":[16,32,64,128]");
        KeyedModel loaded = KeyedClassifier.load(model, saveKey(dir, "resnet-key.json", key));
        INDArray x = KeyedModels.varied(8, 3, 1, 28);
        assertThat(loaded.predict(x).probabilities()).isEqualTo(keyed.predict(x).probabilities());
        assertThat(((KeyedClassifier) loaded).model.stateDict().get("bn1.num_batches_tracked").dataType()).isEqualTo(DataType.LONG);
    }

    @Test
    void multiKeyModelRoundTripsAndLoadsKeysInAnyOrder() throws IOException {
        List<SecretKey> keys = List.of(SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 10), SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 4, 1, 11),
                SecretKey.fromSeed(TransformKind.FFX, 4, 1, 12));
        MultiKeyClassifier multi = MultiKeyClassifier.fromPlain(KeyedModels.tinyConvMixer(3), keys.stream().map(TransformChain::of).toList());
        multi.randomize(KeySelection.PER_BATCH, 1);
        multi.eval();
        Path model = dir.resolve("multi.safetensors");
        multi.save(model);
        Map<String, String> meta = SafeTensors.read(model).metadata();
        assertThat(meta).containsEntry("model", "multi_key").containsEntry("selection", "per_batch");
        List<Path> files = new ArrayList<>();
        for (int i = keys.size() - 1; i >= 0; i--) files.add(saveKey(dir, "k" + i + ".json", keys.get(i)));

        MultiKeyClassifier loaded = (MultiKeyClassifier) KeyedClassifier.load(model, files.toArray(Path[]::new));
        assertThat(loaded.architecture().family()).isEqualTo("convmixer");
        assertThat(loaded.stateDict().keySet()).isEqualTo(multi.stateDict().keySet())
                .contains("stem.2.running_mean", "blocks.0.0.fn.0.weight", "embeds.2.weight", "heads.1.bias").noneMatch(n -> n.startsWith("stem.0"));
        assertThat(loaded.keySlots()).isEqualTo(multi.keySlots());
        assertThat(loaded.selection()).isEqualTo(KeySelection.PER_BATCH);
        INDArray x = KeyedModels.varied(4, 6, 1, 28);
        multi.randomize(KeySelection.PER_QUERY, 9);
        loaded.randomize(KeySelection.PER_QUERY, 9);
        assertThat(loaded.predict(x).probabilities()).isEqualTo(multi.predict(x).probabilities());
        assertThat(loaded.lastSlots()).isEqualTo(multi.lastSlots());
    }

    @Test
    void mismatchedKeyFilesAreClearErrors() throws IOException {
        SecretKey key = SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 20);
        KeyedClassifier keyed = KeyAbsorption.absorb(KeyedModels.tinyVit(2), key);
        Path model = dir.resolve("m.safetensors");
        keyed.save(model);

        Path otherKey = saveKey(dir, "other.json", SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 21));
        assertThatThrownBy(() -> KeyedClassifier.load(model, otherKey)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining(otherKey.toString()).hasMessageContaining("field 'id'")
                .hasMessageContaining("not the key this model was made with").hasMessageContaining(key.id());
        Path block2 = saveKey(dir, "block2.json", SecretKey.fromSeed(TransformKind.SHUFFLE, 2, 1, 20));
        assertThatThrownBy(() -> KeyedClassifier.load(model, block2)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("field 'block_size': is 2 but the model file " + model + " expects a shuffle key of block size 4");
        Path colour = saveKey(dir, "colour.json", SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 3, 20));
        assertThatThrownBy(() -> KeyedClassifier.load(model, colour)).hasMessageContaining("field 'channels': is 3");
        Path np = saveKey(dir, "np.json", SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 4, 1, 20));
        assertThatThrownBy(() -> KeyedClassifier.load(model, np)).hasMessageContaining("field 'kind': is 'negative_positive'");
        Path right = saveKey(dir, "right.json", key);
        assertThatThrownBy(() -> KeyedClassifier.load(model, right, right)).hasMessageContaining("needs 1 key file(s)").hasMessageContaining("got 2");
        assertThatThrownBy(() -> KeyedClassifier.load(model)).hasMessageContaining("needs 1 key file(s)");

        // a key file whose permutation has the wrong length is refused by the key reader, naming the field
        Path shortKey = dir.resolve("short.json");
        String json = Files.readString(right).replaceFirst("\"length\" : 16", "\"length\" : 15");
        Files.writeString(shortKey, json);
        assertThatThrownBy(() -> KeyedClassifier.load(model, shortKey)).isInstanceOf(KeyFileException.class).hasMessageContaining("field 'length'");
        assertThatThrownBy(() -> SecretKey.shuffle(4, 1, new int[15])).hasMessageContaining("permutation has length 15; expected L = M*M*C = 16");
        assertThatThrownBy(() -> new KeyedClassifier(SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 3, 1), KeyedModels.tinyVit(2)))
                .hasMessageContaining("the key is for 3 channels but the model takes 1");

        // a safetensors file that is not a keyed model
        Path plain = dir.resolve("plain.safetensors");
        SafeTensors.write(plain, keyed.model.stateDict(), Map.of());
        assertThatThrownBy(() -> KeyedClassifier.load(plain, right)).hasMessageContaining("metadata 'format' is missing");
        assertThat(KeyedClassifier.load(model, right)).isNotNull();
    }

    @Test
    void anFfxVariantIsPartOfTheModelFile() throws IOException {
        SecretKey ffx = SecretKey.fromSeed(TransformKind.FFX, 4, 1, 8);
        KeyedClassifier ours = new KeyedClassifier(TransformChain.of(List.of(new BlockFfx(ffx, FfxVariant.MASKED_ROUNDED))), KeyedModels.tinyVit(8));
        ours.eval();
        Path file = dir.resolve("ours.safetensors");
        ours.save(file);
        assertThat(SafeTensors.read(file).metadata().get("keys")).contains("\"ffx_variant\":\"masked_rounded\"");
        KeyedClassifier back = (KeyedClassifier) KeyedClassifier.load(file, saveKey(dir, "ffx8.json", ffx));
        assertThat(((BlockFfx) back.transform().steps().get(0)).variant()).isEqualTo(FfxVariant.MASKED_ROUNDED);
        INDArray x = KeyedModels.varied(3, 4, 1, 28);
        assertThat(back.predict(x).probabilities()).isEqualTo(ours.predict(x).probabilities());
    }

    @Test
    void anArchitectureLargerThanTheFilesTensorsIsRefusedBeforeItIsBuilt() throws IOException {
        SecretKey key = SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 20);
        KeyedClassifier keyed = KeyAbsorption.absorb(KeyedModels.tinyVit(2), key);
        Path model = dir.resolve("m.safetensors");
        keyed.save(model);
        Path keyFile = saveKey(dir, "k.json", key);
        SafeTensors.Contents contents = SafeTensors.read(model);
        for (String[] hostile : new String[][]{{"\"embedDim\":32", "\"embedDim\":2000000"}, {"\"depth\":2", "\"depth\":100000000"},
                {"\"numClasses\":10", "\"numClasses\":9223372036854775807"}}) {
            Map<String, String> meta = new java.util.LinkedHashMap<>(contents.metadata());
            assertThat(meta.get("architecture")).contains(hostile[0]);
            meta.put("architecture", meta.get("architecture").replace(hostile[0], hostile[1]));
            Path bad = dir.resolve("hostile.safetensors");
            SafeTensors.write(bad, contents.tensors(), meta);
            assertThatThrownBy(() -> KeyedClassifier.load(bad, keyFile)).as(hostile[1]).isInstanceOf(IOException.class)
                    .hasMessageContaining(bad.toString()).hasMessageContaining("metadata 'architecture'");
        }
        // an unknown family has no size estimate: not built from a file
        Map<String, String> meta = new java.util.LinkedHashMap<>(contents.metadata());
        meta.put("architecture", meta.get("architecture").replace("\"family\":\"vit\"", "\"family\":\"mystery\""));
        Path unknown = dir.resolve("unknown.safetensors");
        SafeTensors.write(unknown, contents.tensors(), meta);
        assertThatThrownBy(() -> KeyedClassifier.load(unknown, keyFile)).hasMessageContaining("family 'mystery' has no size estimate");
        // version 1 files named keys by a digest of their material
        meta = new java.util.LinkedHashMap<>(contents.metadata());
        meta.put("version", "1");
        Path old = dir.resolve("old.safetensors");
        SafeTensors.write(old, contents.tensors(), meta);
        assertThatThrownBy(() -> KeyedClassifier.load(old, keyFile)).hasMessageContaining("'version' is '1'").hasMessageContaining("offline");
    }

    @Test
    void theSizeEstimateIsWithinAFactorOfTwoForEveryFamily() {
        List<Classifier> models = List.of(KeyedModels.tinyVit(1), KeyedModels.colourVit(1), KeyedModels.colourConvMixer(1), KeyedModels.tinyConvMixer(1),
                KeyedModels.model("resnet_mini_cifar", 1), dev.mamori.models.ModelRegistry.create("simple_cnn"),
                new Normalized(KeyedModels.tinyVit(1), new double[]{0.5}, new double[]{0.25}));
        for (Classifier m : models) {
            long actual = m.stateDict().values().stream().mapToLong(INDArray::length).sum();
            long estimate = ModelSpec.of(m).estimatedValues().orElseThrow();
            assertThat(estimate).as(m.getClass().getSimpleName() + " with " + actual + " values").isBetween(actual / 2, 2 * actual);
        }
    }

    @Test
    void predictRejectsImagesOfTheWrongShapeOrRange() {
        KeyedClassifier keyed = new KeyedClassifier(SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 1), KeyedModels.tinyVit(3));
        assertThatThrownBy(() -> keyed.predict(TestImages.uniform(1, DataType.FLOAT, 2, 1, 32, 32))).hasMessageContaining("1 x 28 x 28");
        assertThatThrownBy(() -> keyed.predict(TestImages.uniform(1, DataType.FLOAT, 28, 28))).hasMessageContaining("[C, H, W]");
        assertThatThrownBy(() -> keyed.predict(TestImages.uniform(1, DataType.FLOAT, 1, 1, 28, 28).mul(255))).hasMessageContaining("must be in [0, 1]");
    }

    @Test
    void keysNeverAppearInExportsLogsOrDescriptions() throws IOException {
        List<SecretKey> keys = List.of(SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 30), SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 4, 1, 31),
                SecretKey.fromSeed(TransformKind.FFX, 4, 1, 32));
        // the scanner finds the key where it is: in the key file itself
        for (SecretKey k : keys) {
            byte[] keyFile = Files.readAllBytes(saveKey(dir, k.id() + ".json", k));
            assertThat(KeyLeaks.foundIn(keyFile, k)).isNotEmpty();
        }

        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        List<byte[]> exports = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        try {
            System.setOut(tee);
            System.setErr(tee);
            for (SecretKey k : keys) {
                KeyedClassifier keyed = new KeyedClassifier(k, KeyedModels.tinyVit(4));
                // a short verbose training run: its progress and epoch lines go to the captured streams
                INDArray images = KeyedModels.varied(5, 8, 1, 28);
                var data = new InMemoryBatchSource(images, new int[]{0, 1, 2, 3, 4, 5, 6, 7}, 4, true);
                Trainer.classifier(keyed, Adam.adamW(keyed.trainableParameters(), 1e-3, 0), null, Losses::crossEntropy, TrainerConfig.epochs(1)).fit(data, data);
                Path file = dir.resolve("leak-" + k.kind().fileName() + ".safetensors");
                keyed.save(file);
                exports.add(Files.readAllBytes(file));
                KeyedModel loaded = KeyedClassifier.load(file, dir.resolve(k.id() + ".json"));
                texts.add(keyed.toString());
                texts.add(loaded.toString());
                texts.add(keyed.describe());
                texts.add(keyed.summary());
                texts.add(keyed.transform().toString());
                texts.add(BlockTransform.forKey(k).toString());
                texts.add(k.toString());
                System.out.println(keyed);
                Path wrong = saveKey(dir, "wrong-" + k.kind().fileName() + ".json", SecretKey.fromSeed(k.kind(), 4, 1, 99));
                KeyFileException e = catchThrowableOfType(() -> KeyedClassifier.load(file, wrong), KeyFileException.class);
                assertThat(e).as("loading with the wrong key").isNotNull();
                texts.add(e.getMessage());
            }
            MultiKeyClassifier multi = MultiKeyClassifier.fromPlain(KeyedModels.tinyVit(5), keys.stream().map(TransformChain::of).toList());
            Path file = dir.resolve("leak-multi.safetensors");
            multi.save(file);
            exports.add(Files.readAllBytes(file));
            texts.add(multi.toString());
            texts.add(multi.summary());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("epoch 1/1"); // the capture worked
        for (SecretKey k : keys) {
            assertThat(KeyLeaks.foundIn(log, k)).as("log, " + k).isEmpty();
            for (byte[] export : exports) assertThat(KeyLeaks.foundIn(export, k)).as("export, " + k).isEmpty();
            for (String t : texts) assertThat(KeyLeaks.foundIn(t, k)).as("text " + t).isEmpty();
            assertThat(String.join("\n", texts)).contains(k.id());
        }
    }
}
