package dev.mamori.methods.common.judge;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.methods.classification.ClassifierTraining;
import dev.mamori.methods.classification.SavedClassifier;
import dev.mamori.methods.classification.TrainSpec;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.methods.common.ImageData;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An experiment's judge and what is known of it: the classifier and its held-out accuracy (null when a given file was
 * used, whose accuracy this run did not measure). {@link #obtain} loads a given classifier, reuses the one an earlier
 * attempt of the same run trained ({@code <dir>/model.safetensors} with {@code judge.json}), or trains one on the real
 * training images and stores both, so a resumed experiment never trains its judge twice.
 */
public record Judge(IndependentClassifier classifier, Proportion testAccuracy) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Whether the judge tells the classes apart at all: the lower end of the 95% Wilson interval of its held-out accuracy
     * above chance (1/classes). A judge that puts every image in one class agrees with any reconstruction of that
     * class's images, so a class-agreement claim measured with it would say nothing; experiments report such claims as
     * not measured. A given classifier file, whose accuracy this run did not measure, is trusted (reports say so).
     */
    public boolean beatsChance() {
        if (testAccuracy == null) return true;
        return testAccuracy.wilson().lower() > 1.0 / classifier.info().classes().size();
    }

    /** The perceptual distance in this judge's features (a ConvMixer judge). */
    public PerceptualDistance perceptualDistance() {
        return new PerceptualDistance(classifier);
    }

    /**
     * @param settings a given classifier file, or what to train
     * @param data     the experiment's dataset (the judge must classify the same classes)
     * @param seed     the experiment's seed (the judge's own seed derives from it)
     * @param dir      where a trained judge is kept (e.g. {@code <run>/judge})
     */
    public static Judge obtain(JudgeSettings settings, ImageData data, String dataset, long seed, Path dir, PrintStream log) throws IOException {
        if (!settings.classifierFile().isBlank()) {
            SavedClassifier.Loaded l = SavedClassifier.load(Path.of(settings.classifierFile()));
            if (!l.info().classes().equals(data.classes())) {
                throw new IllegalArgumentException("judge classifier " + settings.classifierFile() + " classifies " + l.info().classes()
                        + ", the dataset has " + data.classes());
            }
            log.println("judge: " + settings.classifierFile() + " (" + l.info().architecture() + ")");
            return new Judge(new IndependentClassifier(l), null);
        }
        Path file = dir.resolve("model.safetensors"), facts = dir.resolve("judge.json");
        if (Files.isRegularFile(file) && Files.isRegularFile(facts)) {
            Map<?, ?> m = JSON.readValue(facts.toFile(), Map.class);
            if (!(m.get("correct") instanceof Number correct) || !(m.get("total") instanceof Number total)) {
                throw new IOException(facts + ": fields 'correct' and 'total' must be numbers");
            }
            log.println("judge: trained earlier in this run, loaded " + file);
            return new Judge(new IndependentClassifier(SavedClassifier.load(file)), Proportion.of(correct.longValue(), total.longValue()));
        }
        TrainSpec spec = new TrainSpec();
        spec.model = settings.model();
        spec.modelConfig.putAll(settings.modelConfig());
        spec.dataset = dataset;
        spec.epochs = settings.epochs();
        spec.lr = 0.01;
        spec.batchSize = 128;
        spec.seed = ExperimentSeeds.of(seed, "judge");
        log.printf("judge: training %s (%d epochs) on the real training images%n", settings.model(), spec.epochs);
        ClassifierTraining.Outcome o = ClassifierTraining.run(spec, data, dir, true);
        Files.writeString(facts, JSON.writeValueAsString(Map.of("correct", o.testCorrect(), "total", o.testTotal(), "seconds", o.trainSeconds())));
        log.printf("judge: held-out accuracy %.1f%% (%d/%d)%n", 100 * o.testAccuracy(), o.testCorrect(), o.testTotal());
        return new Judge(new IndependentClassifier(SavedClassifier.load(file)), Proportion.of(o.testCorrect(), o.testTotal()));
    }
}
