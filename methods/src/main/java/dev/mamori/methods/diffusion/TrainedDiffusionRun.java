package dev.mamori.methods.diffusion;

import dev.mamori.generative.pipelines.LatentDiffusionModel;
import dev.mamori.generative.pipelines.PipelineFolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A finished {@code mamori train diffusion} run given to another experiment as its base ({@code base: {run: DIR}}):
 * the spurious-feature experiment fine-tunes its whole pipeline, sketch-to-photo trains its edge-conditioned UNets on
 * its tokenizer, text tower and autoencoder ({@link LatentDiffusionTraining.Foundation#of}). The run is only read.
 *
 * @param dir the run directory (it holds {@code pipeline/model_index.json})
 */
public record TrainedDiffusionRun(Path dir) {

    /** The run at {@code dir}, checked to hold a pipeline folder; {@code field} names the config field in the error. */
    public static TrainedDiffusionRun of(String dir, String field) {
        Path p = Path.of(dir);
        if (!Files.isRegularFile(p.resolve("pipeline").resolve("model_index.json"))) {
            throw new IllegalArgumentException("config field '" + field + "': " + dir + " holds no pipeline/model_index.json (a mamori train"
                    + " diffusion run directory is expected)");
        }
        return new TrainedDiffusionRun(p);
    }

    /** Its pipeline folder ({@link PipelineFolder} layout). */
    public Path pipeline() {
        return dir.resolve("pipeline");
    }

    /** The trained model, in eval mode (every file of the folder checked by {@link PipelineFolder#load}). */
    public LatentDiffusionModel load() throws IOException {
        return PipelineFolder.load(pipeline());
    }

    /** In words, for reports. */
    public String describe() {
        return "the given train diffusion run " + dir;
    }
}
