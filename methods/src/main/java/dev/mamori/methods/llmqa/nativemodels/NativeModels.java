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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains, saves and loads the native systems. Data: the labelled sentences split once, seeded (80% training, 20%
 * held out; {@link Dataset#split}); the held-out accuracy is what the report states. The language model is trained on
 * (conversation, answer word) pairs: the paper's prompt for half of the examples and the other
 * {@link PromptTemplate#VARIANTS} for the rest, the target being the answer token after the separator. Files:
 * {@code <dir>/<kind>.safetensors} (weights) and {@code <dir>/<kind>.json} (kind, sizes, vocabulary, held-out accuracy).
 */
public final class NativeModels {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final double HELD_OUT = 0.2;
    public static final int BATCH = 32, MIN_COUNT = 1, MAX_VOCABULARY = 8000;

    private NativeModels() {}

    /** A trained system and how it was trained. */
    public record Trained(NativeSystem system, double heldOutAccuracy, int trainSize, int heldOutSize, int epochs, double seconds, long seed) {}

    public static Trained train(NativeKind kind, Dataset<TextExample> data, long seed, int epochs, boolean verbose) {
        List<Sentiment> labels = Sentiment.ofClasses(data.classes());
        TrainValSplit<TextExample> split = data.split(HELD_OUT, seed);
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
        return new Trained(system, r.last().valAccuracy(), split.train().size(), split.val().size(), epochs, r.seconds(), seed);
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
        d.putArray("vocabulary").addAll(s.vocabulary().words().stream().map(JSON.getNodeFactory()::textNode).toList());
        Files.writeString(descriptionFile(dir, s.kind()), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(d));
    }

    public static boolean exists(Path dir, NativeKind kind) {
        return Files.isRegularFile(weightsFile(dir, kind)) && Files.isRegularFile(descriptionFile(dir, kind));
    }

    /** Loads a saved system; a damaged or foreign file fails naming the file and field. */
    public static Trained load(Path dir, NativeKind kind) throws IOException {
        Path desc = descriptionFile(dir, kind);
        JsonNode d;
        try {
            d = JSON.readTree(desc.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedDataException(desc, -1, "invalid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (d == null || !d.isObject()) throw new MalformedDataException(desc, 0, "expected a JSON object");
        if (!d.path("kind").asText().equals(kind.id())) throw new MalformedDataException(desc, -1, "field 'kind' is '" + d.path("kind").asText() + "', expected '" + kind.id() + "'");
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
        return new Trained(new NativeSystem(kind, model, vocabulary), d.path("held_out_accuracy").asDouble(Double.NaN), d.path("train_size").asInt(),
                d.path("held_out_size").asInt(), d.path("epochs").asInt(), d.path("seconds").asDouble(), d.path("seed").asLong());
    }
}
