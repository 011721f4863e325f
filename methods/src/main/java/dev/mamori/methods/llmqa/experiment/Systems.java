package dev.mamori.methods.llmqa.experiment;

import dev.mamori.data.Dataset;
import dev.mamori.data.TextExample;
import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.data.formats.CmuPronouncingDictionary;
import dev.mamori.methods.llmqa.SentimentSystem;
import dev.mamori.methods.llmqa.nativemodels.NativeKind;
import dev.mamori.methods.llmqa.nativemodels.NativeModels;
import dev.mamori.methods.llmqa.nativemodels.TrainingSplit;
import dev.mamori.methods.llmqa.perturbations.HomoglyphPerturber;
import dev.mamori.methods.llmqa.perturbations.HomophonePerturber;
import dev.mamori.methods.llmqa.perturbations.SynonymPerturber;
import dev.mamori.methods.llmqa.perturbations.TypoPerturber;
import dev.mamori.methods.llmqa.perturbations.WordPerturber;
import dev.mamori.methods.llmqa.systems.AfinnLexicon;
import dev.mamori.methods.llmqa.systems.LexiconSystem;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Opens the native systems by name (training and saving a model that is not there yet), the data and the attacks. */
public final class Systems {
    public static final List<String> NATIVE = List.of("lexicon", "textcnn", "transformer", "lm");

    private Systems() {}

    /** A native system under test with what is known of its training; {@code split} is null for the lexicon (not trained here). */
    public record Opened(SentimentSystem system, Map<String, Object> facts, TrainingSplit split) {}

    /** The 3,000 labelled sentences (amazon, imdb, yelp, in that order). */
    public static Dataset<TextExample> sentences(DataCatalog catalog) throws IOException {
        return catalog.openText("sentiment", "all");
    }

    public static Opened openNative(String name, DataCatalog catalog, Path modelsDir, long seed, PrintStream log) throws IOException {
        Map<String, Object> facts = new LinkedHashMap<>();
        if (name.equals("lexicon")) {
            Path npm = catalog.locate("sentiment").orElseThrow(() -> new NoSuchFileException("sentiment", null,
                    catalog.dataset("sentiment").manualInstructions(catalog))).path();
            AfinnLexicon afinn = AfinnLexicon.fromNpm(npm);
            facts.put("lexicon", "AFINN-165, " + afinn.size() + " words (npm sentiment)");
            facts.put("trained on the study's sentences", false);
            return new Opened(new LexiconSystem(afinn), facts, null);
        }
        NativeKind kind = NativeKind.of(name);
        NativeModels.Trained t;
        if (NativeModels.exists(modelsDir, kind)) {
            t = NativeModels.load(modelsDir, kind);
            log.printf("llmqa: loaded %s from %s%n", kind.id(), modelsDir);
        } else {
            log.printf("llmqa: training %s (%d epochs) on the labelled sentences; saved to %s%n", kind.id(), kind.epochs, modelsDir);
            t = NativeModels.train(kind, sentences(catalog), seed, kind.epochs, true);
            NativeModels.save(t, modelsDir);
        }
        facts.put("held-out accuracy", t.heldOutAccuracy());
        facts.put("split", "seeded " + t.trainSize() + " training / " + t.heldOutSize() + " held out (seed " + t.seed() + ")");
        facts.put("epochs", t.epochs());
        facts.put("training seconds", t.seconds());
        facts.put("trained on the study's sentences", t.trainSize() + " of them");
        return new Opened(t.system(), facts, t.split());
    }

    /**
     * The training split of the saved native model {@code name} in {@code modelsDir}: what a study of an endpoint that
     * serves it needs to tell its held-out sentences from its training ones.
     */
    public static TrainingSplit savedSplit(String name, Path modelsDir) throws IOException {
        NativeKind kind = NativeKind.of(name);
        if (!NativeModels.exists(modelsDir, kind)) {
            throw new NoSuchFileException(NativeModels.descriptionFile(modelsDir, kind).toString(), null,
                    "no saved model '" + name + "' there: --trained-on names a model that 'mamori serve --system " + name + "' trained and saved (see --models)");
        }
        return NativeModels.loadSplit(modelsDir, kind);
    }

    /** The word perturbers of the named attacks (the CMU dictionary and WordNet are read only when needed). */
    public static Map<String, WordPerturber> perturbers(List<String> attacks, DataCatalog catalog) throws IOException {
        Map<String, WordPerturber> out = new LinkedHashMap<>();
        for (String a : attacks) {
            out.put(a, switch (a) {
                case "typo" -> new TypoPerturber();
                case "synonym" -> SynonymPerturber.wordNet31();
                case "homoglyph" -> new HomoglyphPerturber();
                case "homophone" -> {
                    Path npm = catalog.locate("cmudict").orElseThrow(() -> new NoSuchFileException("cmudict", null,
                            catalog.dataset("cmudict").manualInstructions(catalog))).path();
                    yield new HomophonePerturber(CmuPronouncingDictionary.fromNpm(npm));
                }
                default -> throw new IllegalArgumentException("unknown attack '" + a + "'");
            });
        }
        return out;
    }
}
