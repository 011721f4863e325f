package dev.mamori.methods.encryption.experiment;

import dev.mamori.methods.common.run.JournalImages;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.encryption.attacks.InverseTranslation;
import dev.mamori.methods.encryption.attacks.ReconstructionTraining;
import dev.mamori.methods.encryption.attacks.VisualSecurity;
import dev.mamori.nn.io.SafeTensors;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finished U-Net baseline stage kept in the run's journal alone, so that a resumed run - on this machine or on
 * another one that was handed only the config and the journal - does not train the U-Net again: its measurements and
 * its example images for the report's grid (8-bit, {@link JournalImages}; the encrypted examples are under the
 * attacker's fresh keys, never the owner's). Runs journaled before the examples went into the journal kept them in
 * {@value #EXAMPLES} in the stage's folder, which is read when present; a stage with neither has no examples (the
 * report says so).
 */
final class InverseRuns {
    /** The examples file of runs journaled before the examples were recorded in the journal. */
    static final String EXAMPLES = "examples.safetensors";
    private static final String[] KINDS = {"plain", "encrypted", "reconstructed"};

    /** The examples as journaled. */
    record Examples(JournalImages plain, JournalImages encrypted, JournalImages reconstructed) {}

    private InverseRuns() {}

    /**
     * Journals the stage as finished, measurements and examples in one line, and returns the run as a resumed run will
     * read it back (examples at 8 bits), so that an uninterrupted run and a carried one draw the same grid.
     */
    static InverseRun write(RunDirectory run, String stage, InverseRun r) {
        InverseTranslation.Result x = r.result();
        Examples examples = new Examples(JournalImages.of(x.examplePlain()), JournalImages.of(x.exampleEncrypted()),
                JournalImages.of(x.exampleReconstructed()));
        Map<String, Object> measured = new LinkedHashMap<>();
        measured.put("dataset", r.dataset());
        measured.put("seed", r.seed());
        measured.put("scheme", x.scheme());
        measured.put("encrypted", x.encrypted());
        measured.put("reconstructed", x.reconstructed());
        measured.put("training", x.training());
        measured.put("config", x.config());
        measured.put("examples", examples);
        run.markDone(stage, measured);
        return new InverseRun(r.dataset(), r.seed(), withExamples(x, examples.plain().images(), examples.encrypted().images(),
                examples.reconstructed().images()));
    }

    /** The finished stage as the run that finished it measured it; its examples are null when none were kept. */
    static InverseRun read(RunDirectory run, String stage) throws IOException {
        InverseTranslation.Result measured = new InverseTranslation.Result(run.result(stage, "scheme", String.class),
                run.result(stage, "encrypted", VisualSecurity.Similarity.class), run.result(stage, "reconstructed", VisualSecurity.Similarity.class),
                run.result(stage, "training", ReconstructionTraining.Outcome.class), null, null, null,
                run.result(stage, "config", InverseTranslation.Config.class));
        INDArray[] examples = examples(run, stage);
        return new InverseRun(run.result(stage, "dataset", String.class), run.result(stage, "seed", Long.class),
                examples == null ? measured : withExamples(measured, examples[0], examples[1], examples[2]));
    }

    /** Whether the stage's examples were kept: in the journal, or in the stage folder of an older run. */
    static boolean hasExamples(InverseRun r) {
        return r.result().examplePlain() != null;
    }

    /** plain, encrypted, reconstructed; null when neither the journal nor the stage folder holds them. */
    private static INDArray[] examples(RunDirectory run, String stage) throws IOException {
        if (run.result(stage).orElseThrow().has("examples")) {
            Examples e = run.result(stage, "examples", Examples.class);
            JournalImages[] kept = {e.plain(), e.encrypted(), e.reconstructed()};
            INDArray[] out = new INDArray[KINDS.length];
            for (int i = 0; i < KINDS.length; i++) {
                if (kept[i] == null) throw new IllegalStateException(run.journal().file() + ": the U-Net stage " + stage + " records no examples." + KINDS[i]);
                try {
                    out[i] = kept[i].images();
                } catch (IllegalStateException damaged) {
                    throw new IllegalStateException(run.journal().file() + ": the U-Net stage " + stage + ", examples." + KINDS[i] + ": "
                            + damaged.getMessage(), damaged);
                }
            }
            return out;
        }
        Path file = run.dir().resolve(stage).resolve(EXAMPLES);
        if (!Files.isRegularFile(file)) return null;
        Map<String, INDArray> images = SafeTensors.read(file).tensors();
        INDArray[] out = new INDArray[KINDS.length];
        for (int i = 0; i < KINDS.length; i++) {
            if (!images.containsKey(KINDS[i])) throw new IOException(file + ": no tensor '" + KINDS[i] + "' (the U-Net stage's examples are damaged)");
            out[i] = images.get(KINDS[i]);
        }
        return out;
    }

    private static InverseTranslation.Result withExamples(InverseTranslation.Result x, INDArray plain, INDArray encrypted, INDArray reconstructed) {
        return new InverseTranslation.Result(x.scheme(), x.encrypted(), x.reconstructed(), x.training(), plain, encrypted, reconstructed, x.config());
    }
}
