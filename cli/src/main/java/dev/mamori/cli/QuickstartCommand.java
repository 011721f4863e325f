package dev.mamori.cli;

import dev.mamori.methods.classification.ClassifierTraining;
import dev.mamori.methods.classification.Quickstart;
import dev.mamori.methods.classification.QuickstartConfig;
import dev.mamori.methods.classification.TrainSpec;
import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.common.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Fetch Fashion-MNIST if needed, train a ConvMixer and a ViT, evaluate them and write a report.",
                "Measured on a 2-core machine: see README.md. A killed run continues with --resume DIR: finished models are"
                        + " not trained again, the interrupted one continues from its last checkpoint (every 120 s), the attacks"
                        + " and the report are redone."})
final class QuickstartCommand implements Callable<Integer> {
    @Option(names = "--out", description = "Report directory (default: runs/quickstart-<time>); must not hold a run already.")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the quickstart run in RUN_DIR with its stored config"
            + " (options that would change it are an error).")
    Path resume;

    @Option(names = "--models", split = ",", description = "Which models: convmixer, vit (default: convmixer,vit).")
    List<String> models;

    @Option(names = "--convmixer-epochs", description = "Epochs of the ConvMixer (default: the tuned recipe's).")
    Integer convmixerEpochs;

    @Option(names = "--vit-epochs", description = "Epochs of the ViT (default: the tuned recipe's).")
    Integer vitEpochs;

    @Option(names = "--train-subset", description = "Use only this many training images (0 = all 60,000).")
    Integer trainSubset;

    @Option(names = "--seed", description = "Seed of everything random (default: 0).")
    Long seed;

    @Option(names = "--robustness-examples",
            description = "Test images on which the ConvMixer (undefended baseline) is attacked with FGSM, PGD and APGD-CE (20 steps each) at eps 8/255 and 0.1 (0 = skip; default: 500).")
    Integer robustnessExamples;

    @Override
    public Integer call() throws Exception {
        QuickstartConfig cfg;
        Path source = null;
        if (resume != null) {
            if (out != null && !out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("--out: a resumed run stays in its directory " + resume);
            }
            RunDirectory.storedConfig(resume);
            source = RunDirectory.configFile(resume);
            cfg = Configs.readOver(source, new QuickstartConfig());
        } else {
            cfg = new QuickstartConfig();
        }
        Map<String, String> optionOf = new LinkedHashMap<>();
        if (models != null) {
            List<TrainSpec> specs = new ArrayList<>();
            for (String m : models) {
                specs.add(switch (m) {
                    case "convmixer" -> Quickstart.convMixerSpec();
                    case "vit" -> Quickstart.vitSpec();
                    default -> throw new IllegalArgumentException("--models: unknown model '" + m + "' (expected convmixer or vit)");
                });
            }
            cfg.models = specs;
            optionOf.put("models", "--models");
        }
        for (int i = 0; i < cfg.models.size(); i++) {
            TrainSpec s = cfg.models.get(i);
            if (s.model.equals(Quickstart.convMixerSpec().model) && convmixerEpochs != null) {
                s.epochs = convmixerEpochs;
                optionOf.put("models[" + i + "].epochs", "--convmixer-epochs");
            }
            if (s.model.equals(Quickstart.vitSpec().model) && vitEpochs != null) {
                s.epochs = vitEpochs;
                optionOf.put("models[" + i + "].epochs", "--vit-epochs");
            }
        }
        if (trainSubset != null) {
            cfg.trainSubset = trainSubset;
            optionOf.put("trainSubset", "--train-subset");
        }
        if (seed != null) {
            cfg.seed = seed;
            optionOf.put("seed", "--seed");
        }
        if (robustnessExamples != null) {
            cfg.robustnessExamples = robustnessExamples;
            optionOf.put("robustnessExamples", "--robustness-examples");
        }
        QuickstartConfig checked = cfg;
        Configs.attribute(checked::validate, source, optionOf);
        Path dir = resume != null ? resume : out != null ? out : ExperimentConfig.defaultRunDirectory("quickstart");
        Quickstart.Result r;
        try (RunDirectory run = Configs.openRun(dir, checked, resume != null, TrainSpec.OPERATIONAL, optionOf)) {
            if (run.resumed()) System.err.println("resuming the quickstart run in " + dir);
            r = Quickstart.run(checked, run, System.err);
        }
        System.out.println();
        for (ClassifierTraining.Outcome o : r.outcomes()) {
            System.out.printf("%-22s test accuracy %6.2f%%  (%,d parameters, %.0f s training)%n", o.modelName(), 100 * o.testAccuracy(),
                    o.model().parameterCount(), o.trainSeconds());
        }
        for (var rr : r.robustness()) {
            for (var a : rr.attacks()) {
                System.out.printf("%-22s %-8s eps %.4f  robust accuracy %6.2f%%%n", rr.modelName(), a.attack(), a.epsilon(), 100 * a.robustAccuracy().value());
            }
        }
        System.out.println("report: " + dir.resolve("report.html"));
        return 0;
    }
}
