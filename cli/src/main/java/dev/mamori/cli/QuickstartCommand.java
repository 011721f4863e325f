package dev.mamori.cli;

import dev.mamori.methods.classification.ClassifierTraining;
import dev.mamori.methods.classification.Quickstart;
import dev.mamori.methods.classification.TrainSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Fetch Fashion-MNIST if needed, train a ConvMixer and a ViT, evaluate them and write a report.",
                "Measured on a 2-core machine: see README.md."})
final class QuickstartCommand implements Callable<Integer> {
    @Option(names = "--out", description = "Report directory (default: runs/quickstart-<time>).")
    Path out;

    @Option(names = "--models", split = ",", defaultValue = "convmixer,vit", description = "Which models: convmixer, vit (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--convmixer-epochs", description = "Epochs of the ConvMixer (default: the tuned recipe's).")
    Integer convmixerEpochs;

    @Option(names = "--vit-epochs", description = "Epochs of the ViT (default: the tuned recipe's).")
    Integer vitEpochs;

    @Option(names = "--train-subset", defaultValue = "0", description = "Use only this many training images (0 = all 60,000).")
    int trainSubset;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of everything random (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--robustness-examples", defaultValue = "500",
            description = "Test images on which the ConvMixer (undefended baseline) is attacked with FGSM, PGD and APGD-CE (20 steps each) at eps 8/255 and 0.1 (0 = skip; default: ${DEFAULT-VALUE}).")
    int robustnessExamples;

    @Override
    public Integer call() throws Exception {
        List<TrainSpec> specs = new ArrayList<>();
        for (String m : models) {
            TrainSpec s = switch (m) {
                case "convmixer" -> Quickstart.convMixerSpec();
                case "vit" -> Quickstart.vitSpec();
                default -> throw new IllegalArgumentException("--models: unknown model '" + m + "' (expected convmixer or vit)");
            };
            if (m.equals("convmixer") && convmixerEpochs != null) s.epochs = convmixerEpochs;
            if (m.equals("vit") && vitEpochs != null) s.epochs = vitEpochs;
            s.seed = seed;
            specs.add(s);
        }
        Path dir = out != null ? out : dev.mamori.methods.common.ExperimentConfig.defaultRunDirectory("quickstart");
        Quickstart.RobustnessPlan plan = robustnessExamples <= 0 ? Quickstart.RobustnessPlan.none()
                : new Quickstart.RobustnessPlan(robustnessExamples, Quickstart.RobustnessPlan.standard().epsilons(),
                Quickstart.RobustnessPlan.standard().attacks(), Quickstart.RobustnessPlan.standard().options());
        Quickstart.Result r = Quickstart.run(specs, dir, trainSubset, plan, System.err);
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
