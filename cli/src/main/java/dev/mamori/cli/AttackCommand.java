package dev.mamori.cli;

import dev.mamori.data.Batch;
import dev.mamori.data.DataLoader;
import dev.mamori.data.Dataset;
import dev.mamori.data.LabeledImage;
import dev.mamori.eval.report.Formats;
import dev.mamori.methods.attacks.Attack;
import dev.mamori.methods.attacks.AttackRegistry;
import dev.mamori.methods.attacks.AttackResult;
import dev.mamori.methods.classification.SavedClassifier;
import dev.mamori.methods.common.ImageData;
import dev.mamori.methods.common.config.Check;
import dev.mamori.nn.io.SafeTensors;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "attack", mixinStandardHelpOptions = true,
        description = {"Run one attack at one budget on a trained classifier and print clean accuracy, robust accuracy,"
                + " attack success rate, perturbation norms and queries; optionally save the adversarial examples"
                + " (safetensors: adversarial, labels, predictions) for transfer experiments."})
final class AttackCommand implements Callable<Integer> {
    @Mixin
    ModelFileOption model;

    @Option(names = "--attack", defaultValue = "pgd", description = "Attack name (default: ${DEFAULT-VALUE}).")
    String attack;

    @Check(min = 0, max = 1, expected = "a budget in [0, 1] pixel units")
    @Option(names = "--eps", defaultValue = "0.1", description = "Budget in [0,1] pixel units (default: ${DEFAULT-VALUE}).")
    double eps;

    @Option(names = "--option", description = "Attack option key=value (e.g. steps=20).")
    Map<String, String> options = new LinkedHashMap<>();

    @Check(min = 0, expected = "a class index >= 0")
    @Option(names = "--target", description = "Targeted attack towards this class index (default: untargeted).")
    Integer target;

    @Check(min = 1, expected = "a positive number of test images")
    @Option(names = "--examples", defaultValue = "256", description = "Test images (default: ${DEFAULT-VALUE}).") int examples;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--save", description = "Write the adversarial examples to this safetensors file.") Path save;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        if (!AttackRegistry.names().containsKey(attack)) {
            throw new IllegalArgumentException("--attack: unknown attack '" + attack + "'; known: " + AttackRegistry.names().keySet());
        }
        SavedClassifier.Loaded loaded = model.load();
        if (target != null && target >= loaded.model().numClasses()) {
            throw new IllegalArgumentException("--target: expected a class index in [0, " + (loaded.model().numClasses() - 1) + "], got " + target);
        }
        ImageData data = ImageData.open(loaded.info().dataset(), 1, examples, seed, System.err);
        Dataset<LabeledImage> test = (Dataset<LabeledImage>) data.test();
        Batch all;
        try (DataLoader<LabeledImage, Batch> loader = DataLoader.images(test).batchSize(test.size()).shuffle(false).workers(0).build()) {
            all = loader.epoch(0).iterator().next();
        }
        Attack<?> a = AttackRegistry.create(attack, loaded.model(), eps, options).seed(seed);
        AttackResult r;
        if (target != null) {
            int[] targets = new int[all.size()];
            java.util.Arrays.fill(targets, target);
            r = a.runTargeted(all.images(), all.labels(), targets);
        } else {
            r = a.run(all.images(), all.labels());
        }
        var norms = r.norms(all.images());
        System.out.printf("%s eps=%.4g on %s (%d images)%n", a.name(), eps, loaded.info().architecture(), all.size());
        System.out.printf("  clean accuracy   %s  95%% CI %s%n", Formats.value(r.cleanAccuracy()), Formats.intervalOf(r.cleanAccuracy(), 0.95));
        System.out.printf("  robust accuracy  %s  95%% CI %s%n", Formats.value(r.robustAccuracy()), Formats.intervalOf(r.robustAccuracy(), 0.95));
        System.out.printf("  success rate     %s  95%% CI %s%n", Formats.value(r.successRate()), Formats.intervalOf(r.successRate(), 0.95));
        System.out.printf("  mean queries %.1f, iterations %.1f, %.1f s%n", r.meanQueries(), r.meanIterations(), r.seconds());
        System.out.printf("  perturbation norms (mean over all examples): Linf %.4g, L2 %.4g, L0 %.4g%n", norms.linfSummary().mean(),
                norms.l2Summary().mean(), norms.l0Summary().mean());
        if (a instanceof dev.mamori.methods.attacks.AutoAttack ensemble) {
            for (var member : ensemble.members()) {
                String m = member.name();
                System.out.printf("  %-60s broke %4d, %.1f s%n", m, ensemble.lastBreakdown().getOrDefault(m, 0L), ensemble.lastSeconds().getOrDefault(m, 0.0));
            }
        }
        if (save != null) {
            Map<String, org.nd4j.linalg.api.ndarray.INDArray> t = new LinkedHashMap<>();
            t.put("adversarial", r.adversarial());
            t.put("labels", Nd4j.createFromArray(all.labels()));
            t.put("adv_pred", Nd4j.createFromArray(r.adversarialPredictions()));
            SafeTensors.write(save, t, Map.of("attack", a.name(), "eps", Double.toString(eps), "model", model.file().toString()));
            System.out.println("adversarial examples: " + save);
        }
        return 0;
    }
}
