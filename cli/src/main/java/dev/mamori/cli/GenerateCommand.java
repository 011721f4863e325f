package dev.mamori.cli;

import dev.mamori.data.FloatImage;
import dev.mamori.data.formats.ImageFiles;
import dev.mamori.eval.report.AtomicFiles;
import dev.mamori.eval.report.ImageGrid;
import dev.mamori.generative.pipelines.GenerationOptions;
import dev.mamori.generative.pipelines.LatentDiffusionModel;
import dev.mamori.generative.pipelines.PipelineFolder;
import dev.mamori.generative.pipelines.Sampler;
import dev.mamori.generative.pipelines.TextToImagePipeline;
import dev.mamori.generative.schedulers.TimestepSpacing;
import dev.mamori.methods.common.config.Check;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code mamori generate}: text to image with a trained latent diffusion model. */
@Command(name = "generate", mixinStandardHelpOptions = true, subcommands = {GenerateGanCommand.class},
        description = {"Generate images from text prompts with a latent diffusion model folder (the <run>/pipeline that"
                + " mamori train diffusion writes, diffusers' layout): one PNG per image and grid.png in --out.",
                "Prompts longer than the text encoder's context are truncated with a warning."})
final class GenerateCommand implements Callable<Integer> {
    // not picocli-required: 'generate gan' is a subcommand with options of its own
    @Option(names = "--model", description = "The pipeline folder (<run>/pipeline); required.")
    Path model;

    @Option(names = {"-p", "--prompt"}, description = "A prompt (repeat for several); required.")
    List<String> prompts;

    @Check(min = 1, max = 1000, expected = "1 to 1000 denoising steps")
    @Option(names = "--steps", defaultValue = "50", description = "Denoising steps (DDIM; default 50; at most the model's training timesteps are used).")
    int steps;

    @Check(min = 1, max = 100, expected = "a guidance scale from 1 to 100")
    @Option(names = "--guidance", defaultValue = "5", description = "Classifier-free guidance scale in [1, 100] (1: conditional only; default 5).")
    double guidance;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the initial noise (image i uses (seed, i)).")
    long seed;

    @Check(min = 1, max = 64, expected = "1 to 64 images per prompt")
    @Option(names = "--num-images", defaultValue = "4", description = "Images per prompt (default 4, at most 64).")
    int numImages;

    @Option(names = "--sampler", defaultValue = "ddim", description = "ddim (default) or ddpm (ancestral, every training timestep).")
    String sampler;

    @Check(min = 0, max = 1, expected = "a DDIM eta in [0, 1]")
    @Option(names = "--eta", defaultValue = "0", description = "DDIM eta in [0, 1] (0: deterministic).")
    double eta;

    @Option(names = "--out", description = "Output directory (default: runs/generate-<time>).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (model == null) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--model=<model>'");
        if (prompts == null || prompts.isEmpty()) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--prompt=<prompts>'");
        Sampler s = switch (sampler.toLowerCase(Locale.ROOT)) {
            case "ddim" -> Sampler.DDIM;
            case "ddpm" -> Sampler.DDPM;
            default -> throw new IllegalArgumentException("--sampler: expected ddim or ddpm, got '" + sampler + "'");
        };
        GenerationOptions o = new GenerationOptions(s, steps, TimestepSpacing.LEADING, eta, guidance, seed, 32);
        if (!java.nio.file.Files.isDirectory(model) || !java.nio.file.Files.isRegularFile(model.resolve("model_index.json"))) {
            throw new IllegalArgumentException("--model: " + model + " is not a pipeline folder (no model_index.json); give the <run>/pipeline"
                    + " folder that mamori train diffusion wrote");
        }
        LatentDiffusionModel m = PipelineFolder.load(model);
        o = new GenerationOptions(s, Math.min(steps, m.schedule().numTrainTimesteps()), o.spacing(), eta, guidance, seed, 32);
        List<String> all = new ArrayList<>();
        for (String p : prompts) for (int i = 0; i < numImages; i++) all.add(p);
        TextToImagePipeline pipeline = new TextToImagePipeline(m, w -> System.err.println("mamori: warning: " + w), true);
        TextToImagePipeline.Generation g = pipeline.generate(all, o);
        Path dir = out != null ? out : dev.mamori.methods.common.ExperimentConfig.defaultRunDirectory("generate");
        Files.createDirectories(dir);
        INDArray images = g.images();
        ImageGrid grid = ImageGrid.builder();
        for (int p = 0; p < prompts.size(); p++) {
            INDArray row = images.get(NDArrayIndex.interval((long) p * numImages, (long) (p + 1) * numImages));
            grid.row(label(prompts.get(p)), row);
            for (int i = 0; i < numImages; i++) {
                INDArray img = row.get(NDArrayIndex.point(i)).dup('c');
                FloatImage f = new FloatImage((int) img.size(0), (int) img.size(1), (int) img.size(2), img.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).data().asFloat());
                ImageFiles.writePng(f, dir.resolve(String.format(Locale.ROOT, "%02d-%s-%d.png", p, slug(prompts.get(p)), i)));
            }
        }
        AtomicFiles.writePng(dir.resolve("grid.png"), grid.render());
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("%d images in %.1f s (%.2f s per image; %s, %d steps, guidance %s, seed %d)%n", all.size(), g.seconds(), g.seconds() / all.size(),
                s.name().toLowerCase(Locale.ROOT), s == Sampler.DDPM ? m.schedule().numTrainTimesteps() : o.steps(), guidance, seed);
        stdout.println("images: " + dir);
        stdout.println("grid: " + dir.resolve("grid.png"));
        stdout.flush();
        return 0;
    }

    private static String label(String prompt) {
        return prompt.length() > 28 ? prompt.substring(0, 27) + "…" : prompt;
    }

    private static String slug(String prompt) {
        String s = prompt.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return s.isEmpty() ? "prompt" : s.length() > 40 ? s.substring(0, 40) : s;
    }
}
