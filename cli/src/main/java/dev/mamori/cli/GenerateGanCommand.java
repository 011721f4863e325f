package dev.mamori.cli;

import dev.mamori.methods.common.config.Check;
import dev.mamori.methods.genattack.gan.GanSamples;
import dev.mamori.models.gan.StyleGan2;
import dev.mamori.models.gan.StyleGanFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mamori generate gan}: sample grids of a trained StyleGAN2. */
@Command(name = "gan", mixinStandardHelpOptions = true,
        description = {"Draw images from a StyleGAN2 file written by mamori train gan: one grid row per truncation psi (psi 0 is the"
                + " mean image), written as grid.png in --out."})
final class GenerateGanCommand implements Callable<Integer> {
    /** Bounds that keep one grid within memory; psi beyond 1 extrapolates away from the mean, up to this far. */
    static final int MAX_IMAGES = 256, MAX_ROWS = 16;
    static final double MAX_PSI = 2;

    @Option(names = "--model", required = true, description = "The model file (<run>/stylegan2.safetensors).")
    Path model;

    @Check(min = 1, max = MAX_IMAGES, expected = "1 to " + MAX_IMAGES + " images per row")
    @Option(names = "--num-images", defaultValue = "16", description = "Images per row (default 16, at most " + MAX_IMAGES + ").")
    int numImages;

    @Check(min = 0, max = MAX_PSI, nonEmpty = true, expected = "truncation psi values from 0 (the mean image) to " + MAX_PSI)
    @Option(names = "--psi", split = ",", defaultValue = "1,0.7", description = "Truncation psi per row in [0, " + MAX_PSI + "], comma-separated"
            + " (default 1,0.7).")
    List<Double> psis;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the latents and noise (every row uses the same latents).")
    long seed;

    @Option(names = "--out", description = "Output directory (default: runs/generate-gan-<time>).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (psis.size() > MAX_ROWS) throw new IllegalArgumentException("--psi: at most " + MAX_ROWS + " rows, got " + psis.size() + " values");
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("--model: " + model + " is not a file; give the stylegan2.safetensors that mamori train gan wrote");
        }
        StyleGan2 gan = StyleGanFiles.load(model);
        Path dir = out != null ? out : dev.mamori.methods.common.ExperimentConfig.defaultRunDirectory("generate-gan");
        Files.createDirectories(dir);
        Path grid = dir.resolve("grid.png");
        GanSamples.writeGrid(gan.generator, numImages, seed, psis, grid);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("%d images per row, psi %s, seed %d (%dx%d)%n", numImages, psis, seed, gan.config().resolution(), gan.config().resolution());
        stdout.println("grid: " + grid);
        stdout.flush();
        return 0;
    }
}
