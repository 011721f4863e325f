package dev.mamori.cli;

import dev.mamori.methods.attacks.AttackRegistry;
import dev.mamori.methods.classification.SavedClassifier;
import dev.mamori.methods.common.ImageData;
import dev.mamori.methods.robustness.AttackSpec;
import dev.mamori.methods.robustness.RobustnessEvaluation;
import dev.mamori.methods.robustness.RobustnessResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "robustness", mixinStandardHelpOptions = true,
        description = {"Evaluate a trained classifier (model.safetensors from mamori train) under attacks: clean accuracy,"
                + " robust accuracy and attack success rate per attack and budget (Wilson intervals), perturbation norms,"
                + " queries, time, sanity checks; writes a report with a robust-accuracy-vs-epsilon plot and image grids."})
final class RobustnessCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The model file.")
    Path modelFile;

    @Option(names = "--attacks", split = ",", defaultValue = "fgsm,pgd,apgd_ce",
            description = "Attacks (default: ${DEFAULT-VALUE}); known: fgsm, pgd, pgd_l2, mifgsm, cw, deepfool, apgd_ce, apgd_dlr, apgd_t, square, spsa, autoattack.")
    List<String> attacks;

    @Option(names = "--eps", split = ",", defaultValue = "0.0313725,0.1",
            description = "Budgets in [0,1] pixel units (default: 8/255 and 0.1).")
    double[] epsilons;

    @Option(names = "--option", description = "Attack option key=value (e.g. steps=20, restarts=2); applies to every attack that has it.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--dataset", description = "Dataset (default: the one the model was trained on).")
    String dataset;

    @Option(names = "--examples", defaultValue = "500", description = "Test images to attack (default: ${DEFAULT-VALUE}).")
    int examples;

    @Option(names = "--batch-size", defaultValue = "128") int batchSize;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--out", description = "Report directory (default: runs/robustness-<time>).") Path out;

    @Override
    public Integer call() throws Exception {
        for (String a : attacks) {
            if (!AttackRegistry.names().containsKey(a)) {
                throw new IllegalArgumentException("--attacks: unknown attack '" + a + "'; known: " + AttackRegistry.names().keySet());
            }
        }
        SavedClassifier.Loaded loaded = SavedClassifier.load(modelFile);
        String ds = dataset != null ? dataset : loaded.info().dataset();
        ImageData data = ImageData.open(ds, 1, 0, seed, System.err);
        for (String key : options.keySet()) {
            if (attacks.stream().noneMatch(a -> AttackRegistry.accepts(a, key))) {
                throw new IllegalArgumentException("--option " + key + ": none of the attacks " + attacks + " takes it");
            }
        }
        List<AttackSpec> specs = new ArrayList<>();
        for (String a : attacks) {
            Map<String, String> own = new LinkedHashMap<>();
            options.forEach((k, v) -> {
                if (AttackRegistry.accepts(a, k)) own.put(k, v);
            });
            specs.add(AttackSpec.registry(a, loaded.model(), own, epsilons));
        }
        RobustnessEvaluation.Builder b = RobustnessEvaluation.builder().model(loaded.model()).modelName(loaded.info().architecture())
                .dataName(ds).data(data.test()).limit(examples).batchSize(batchSize).seed(seed).classNames(data.classes())
                .log(System.err, System.console() != null);
        for (AttackSpec s : specs) b.attack(s);
        RobustnessResult r = b.run();
        Path dir = out != null ? out : dev.mamori.methods.common.ExperimentConfig.defaultRunDirectory("robustness");
        r.writeReport(dir);
        System.out.println(TableText.render(r.table()));
        System.out.println("report: " + dir.resolve("report.html"));
        return 0;
    }
}
