package dev.mamori.methods.encryption.experiment;

import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.encryption.attacks.InverseTranslation;
import dev.mamori.methods.encryption.attacks.ReconstructionTraining;
import dev.mamori.methods.encryption.attacks.VisualSecurity;
import dev.mamori.nn.io.SafeTensors;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finished U-Net baseline stage kept in a run directory, so that a resumed run does not train the U-Net again: its
 * measurements in the journal, its example images (for the report's grid) in {@value #EXAMPLES} in the stage's folder.
 */
final class InverseRuns {
    static final String EXAMPLES = "examples.safetensors";

    private InverseRuns() {}

    /** Writes the examples, then journals the stage as finished (so a journaled stage always has its examples). */
    static void write(RunDirectory run, String stage, InverseRun r) throws IOException {
        InverseTranslation.Result x = r.result();
        Map<String, INDArray> images = new LinkedHashMap<>();
        images.put("plain", x.examplePlain());
        images.put("encrypted", x.exampleEncrypted());
        images.put("reconstructed", x.exampleReconstructed());
        SafeTensors.write(run.stage(stage).resolve(EXAMPLES), images, Map.of("scheme", x.scheme()));
        Map<String, Object> measured = new LinkedHashMap<>();
        measured.put("dataset", r.dataset());
        measured.put("seed", r.seed());
        measured.put("scheme", x.scheme());
        measured.put("encrypted", x.encrypted());
        measured.put("reconstructed", x.reconstructed());
        measured.put("training", x.training());
        measured.put("config", x.config());
        run.markDone(stage, measured);
    }

    /** The finished stage as the run that finished it measured it. */
    static InverseRun read(RunDirectory run, String stage) throws IOException {
        Path file = run.stage(stage).resolve(EXAMPLES);
        Map<String, INDArray> images = SafeTensors.read(file).tensors();
        for (String k : new String[]{"plain", "encrypted", "reconstructed"}) {
            if (!images.containsKey(k)) throw new IOException(file + ": no tensor '" + k + "' (the U-Net stage's examples are damaged)");
        }
        InverseTranslation.Result x = new InverseTranslation.Result(run.result(stage, "scheme", String.class),
                run.result(stage, "encrypted", VisualSecurity.Similarity.class), run.result(stage, "reconstructed", VisualSecurity.Similarity.class),
                run.result(stage, "training", ReconstructionTraining.Outcome.class), images.get("plain"), images.get("encrypted"),
                images.get("reconstructed"), run.result(stage, "config", InverseTranslation.Config.class));
        return new InverseRun(run.result(stage, "dataset", String.class), run.result(stage, "seed", Long.class), x);
    }
}
