package dev.mamori.methods.llmqa.nativemodels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.data.Dataset;
import dev.mamori.data.MalformedDataException;
import dev.mamori.data.TextExample;
import dev.mamori.data.TrainValSplit;
import dev.mamori.methods.llmqa.PromptTemplate;
import dev.mamori.methods.llmqa.QuerySettings;
import dev.mamori.methods.llmqa.Sentiment;
import dev.mamori.nn.Module;
import dev.mamori.nn.StateDicts;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.io.SafeTensors;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.optim.LrSchedule;
import dev.mamori.nn.train.TrainBatch;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains, saves and loads the native systems. Data: the labelled sentences split once, seeded (80% training, 20%
 * held out; {@link Dataset#split}); the held-out accuracy is what the report states. The language model is trained on
 * (conversation, answer word) pairs: the paper's prompt for half of the examples and the other
 * {@link PromptTemplate#VARIANTS} for the rest, the target being the answer token after the separator. Files:
 * {@code <dir>/<kind>.safetensors} (weights) and {@code <dir>/<kind>.json} (kind, sizes, vocabulary, held-out accuracy,
 * the {@link TrainingSplit}: which sentences were held out, and a fingerprint of the dataset).
 */
public final class NativeModels {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final double HELD_OUT = 0.2;
    public static final int BATCH = 32, MIN_COUNT = 1, MAX_VOCABULARY = 8000;

    private NativeModels() {}

    /** A trained system and how it was trained. */
    public record Trained(NativeSystem system, double heldOutAccuracy, TrainingSplit split, int epochs, double seconds, long seed) {
        public int heldOutSize() {
            return split.heldOut().length;
        }

        public int trainSize() {
            return split.dataSize() - heldOutSize();
        }
    }

    public static Trained train(NativeKind kind, Dataset<TextExample> data, long seed, int epochs, boolean verbose) {
        List<Sentiment> labels = Sentiment.ofClasses(data.classes());
        // split the indices (the same seeded split Dataset.split makes), so the held-out ones can be recorded
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) all.add(i);
        TrainValSplit<Integer> indices = Dataset.of(all, List.of()).split(HELD_OUT, seed);
        int[] heldOut = new int[indices.val().size()], trainIdx = new int[indices.train().size()];
        Arrays.setAll(heldOut, i -> indices.val().get(i));
        Arrays.setAll(trainIdx, i -> indices.train().get(i));
        TrainValSplit<TextExample> split = new TrainValSplit<>(data.subset(trainIdx), data.subset(heldOut));
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < split.train().size(); i++) texts.add(split.train().get(i).text());
        for (PromptTemplate t : PromptTemplate.VARIANTS) texts.add(t.render(""));
        WordVocabulary vocabulary = WordVocabulary.build(texts, MIN_COUNT, MAX_VOCABULARY);
        Init.seed(seed);
        Module model = kind.create(vocabulary.size());
        NativeSystem system = new NativeSystem(kind, model, vocabulary);
        SplittableRandom rng = new SplittableRandom(seed);
        SequenceBatches train = batches(system, split.train(), labels, rng, true);
        SequenceBatches val = batches(system, split.val(), labels, rng, false);
        TrainerConfig cfg = TrainerConfig.epochs(epochs).withSeed(seed).withGradClipNorm(1.0);
        if (!verbose) cfg = cfg.quiet();
        long steps = epochs * train.batchesPerEpoch();
        double lr = 2e-3;
        Trainer<TrainBatch> trainer = Trainer.classifier(model, Adam.adamW(model.trainableParameters(), lr, 0.01), LrSchedule.cosine(lr, lr / 20, steps),
                (out, y) -> Losses.crossEntropy(out, y), cfg);
        Trainer.Result r = trainer.fit(train, val);
        model.eval();
        TrainingSplit trainingSplit = new TrainingSplit(kind.id(), data.size(), TrainingSplit.fingerprint(data), heldOut);
        return new Trained(system, r.last().valAccuracy(), trainingSplit, epochs, r.seconds(), seed);
    }

    private static SequenceBatches batches(NativeSystem system, Dataset<TextExample> data, List<Sentiment> labels, SplittableRandom rng, boolean train) {
        List<int[]> seqs = new ArrayList<>();
        int[] y = new int[data.size()];
        for (int i = 0; i < data.size(); i++) {
            TextExample e = data.get(i);
            Sentiment label = labels.get(e.label());
            QuerySettings s = QuerySettings.defaults();
            if (system.kind() == NativeKind.LM && train && rng.nextBoolean()) {
                s = s.toBuilder().template(PromptTemplate.VARIANTS.get(rng.nextInt(PromptTemplate.VARIANTS.size()))).build();
            }
            seqs.add(system.input(e.text(), s));
            y[i] = system.kind() == NativeKind.LM ? system.vocabulary().id(label.word()) : Sentiment.LABELS.indexOf(label);
        }
        return new SequenceBatches(system, seqs, y, BATCH, train);
    }

    public static Path weightsFile(Path dir, NativeKind kind) {
        return dir.resolve(kind.id() + ".safetensors");
    }

    public static Path descriptionFile(Path dir, NativeKind kind) {
        return dir.resolve(kind.id() + ".json");
    }

    public static void save(Trained t, Path dir) throws IOException {
        Files.createDirectories(dir);
        NativeSystem s = t.system();
        SafeTensors.write(weightsFile(dir, s.kind()), s.model().stateDict(), Map.of("kind", s.kind().id()));
        ObjectNode d = JSON.createObjectNode();
        d.put("kind", s.kind().id()).put("held_out_accuracy", t.heldOutAccuracy()).put("train_size", t.trainSize())
                .put("held_out_size", t.heldOutSize()).put("epochs", t.epochs()).put("seconds", t.seconds()).put("seed", t.seed());
        d.put("data_size", t.split().dataSize()).put("data_sha256", t.split().dataSha256());
        d.putArray("held_out_indices").addAll(java.util.Arrays.stream(t.split().heldOut()).mapToObj(JSON.getNodeFactory()::numberNode).toList());
        d.putArray("vocabulary").addAll(s.vocabulary().words().stream().map(JSON.getNodeFactory()::textNode).toList());
        Files.writeString(descriptionFile(dir, s.kind()), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(d));
    }

    public static boolean exists(Path dir, NativeKind kind) {
        return Files.isRegularFile(weightsFile(dir, kind)) && Files.isRegularFile(descriptionFile(dir, kind));
    }

    /** Loads a saved system; a damaged or foreign file fails naming the file and field. */
    public static Trained load(Path dir, NativeKind kind) throws IOException {
        Path desc = descriptionFile(dir, kind);
        JsonNode d = description(desc, kind);
        TrainingSplit split = split(desc, d, kind);
        JsonNode vocab = d.get("vocabulary");
        if (vocab == null || !vocab.isArray() || vocab.size() < 2) throw new MalformedDataException(desc, -1, "field 'vocabulary' must be an array of words");
        List<String> words = new ArrayList<>();
        for (JsonNode w : vocab) {
            if (!w.isTextual()) throw new MalformedDataException(desc, -1, "field 'vocabulary' holds a non-string entry");
            words.add(w.asText());
        }
        WordVocabulary vocabulary;
        try {
            vocabulary = new WordVocabulary(words);
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException(desc, -1, "field 'vocabulary': " + e.getMessage());
        }
        Module model = kind.create(vocabulary.size());
        StateDicts.load(model, SafeTensors.read(weightsFile(dir, kind)).tensors(), true, weightsFile(dir, kind).toString());
        return new Trained(new NativeSystem(kind, model, vocabulary), d.path("held_out_accuracy").asDouble(Double.NaN), split,
                d.path("epochs").asInt(), d.path("seconds").asDouble(), d.path("seed").asLong());
    }

    /** The training split of a saved model (its description file only: what a study of an endpoint serving it needs). */
    public static TrainingSplit loadSplit(Path dir, NativeKind kind) throws IOException {
        Path desc = descriptionFile(dir, kind);
        return split(desc, description(desc, kind), kind);
    }

    private static JsonNode description(Path desc, NativeKind kind) throws IOException {
        JsonNode d;
        try {
            d = JSON.readTree(desc.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedDataException(desc, -1, "invalid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (d == null || !d.isObject()) throw new MalformedDataException(desc, 0, "expected a JSON object");
        if (!d.path("kind").asText().equals(kind.id())) throw new MalformedDataException(desc, -1, "field 'kind' is '" + d.path("kind").asText() + "', expected '" + kind.id() + "'");
        return d;
    }

    private static TrainingSplit split(Path desc, JsonNode d, NativeKind kind) throws IOException {
        JsonNode size = d.get("data_size"), sha = d.get("data_sha256"), held = d.get("held_out_indices");
        if (size == null || !size.canConvertToInt() || size.asInt() < 1) {
            throw new MalformedDataException(desc, -1, "field 'data_size' must be a positive integer (a model saved before the split was recorded: delete it to retrain)");
        }
        if (sha == null || !sha.isTextual() || !sha.asText().matches("[0-9a-f]{64}")) throw new MalformedDataException(desc, -1, "field 'data_sha256' must be 64 hex digits");
        if (held == null || !held.isArray() || held.size() > size.asInt()) throw new MalformedDataException(desc, -1, "field 'held_out_indices' must be an array of sentence indices");
        int[] idx = new int[held.size()];
        for (int i = 0; i < idx.length; i++) {
            if (!held.get(i).canConvertToInt()) throw new MalformedDataException(desc, -1, "field 'held_out_indices' holds a non-integer entry");
            idx[i] = held.get(i).asInt();
        }
        try {
            return new TrainingSplit(kind.id(), size.asInt(), sha.asText(), idx);
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException(desc, -1, "field 'held_out_indices': " + e.getMessage());
        }
    }
}
