package dev.mamori.cli;

import dev.mamori.methods.classification.SavedClassifier;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The model file a command reads (model.safetensors from {@code mamori train}), shared by {@code eval}, {@code attack}
 * and {@code robustness}: a model with NaN or infinite weights is refused unless {@code --allow-non-finite-weights}
 * is given, and then loaded with a warning naming the tensors.
 */
final class ModelFileOption {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The model file (model.safetensors from mamori train).")
    Path modelFile;

    @Option(names = "--allow-non-finite-weights", description = "Load a model whose weights hold NaN or infinite values (refused by"
            + " default: its results mean nothing) and warn.")
    boolean allowNonFinite;

    SavedClassifier.Loaded load() throws IOException {
        SavedClassifier.Loaded loaded = SavedClassifier.load(modelFile, allowNonFinite);
        if (!loaded.nonFiniteTensors().isEmpty()) {
            System.err.println("mamori: warning: " + modelFile + ": tensors " + loaded.nonFiniteTensors()
                    + " hold NaN or infinite values; results computed with this model are not meaningful");
        }
        return loaded;
    }

    Path file() {
        return modelFile;
    }
}
