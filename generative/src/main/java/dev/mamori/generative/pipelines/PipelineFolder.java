package dev.mamori.generative.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.models.StateDictFiles;
import dev.mamori.models.diffusion.AutoencoderKL;
import dev.mamori.models.diffusion.UNet2DConditionModel;
import dev.mamori.models.text.ClipTextModel;
import dev.mamori.models.text.WordTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A latent diffusion model on disk in the layout of a diffusers pipeline folder, so weights travel both ways under
 * diffusers' and transformers' names: {@code model_index.json}, {@code unet/} and {@code vae/}
 * ({@code config.json} + {@code diffusion_pytorch_model.safetensors}), {@code text_encoder/} ({@code config.json} +
 * {@code model.safetensors}), {@code tokenizer/} (our word-level tokenizer: {@code vocab.json},
 * {@code tokenizer_config.json}) and {@code scheduler/scheduler_config.json}. A Stable Diffusion folder's UNet, VAE and
 * text encoder load when their configs use supported options (see {@link DiffusersConfigs}); its BPE tokenizer does not
 * (our tokenizer is word-level), which load reports by name.
 */
public final class PipelineFolder {
    /** Keys of transformers' CLIPTextModel files that are not weights here (an index buffer). */
    private static final Set<String> TEXT_IGNORED = Set.of("text_model.embeddings.position_ids");

    private PipelineFolder() {}

    public static void save(LatentDiffusionModel m, Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectNode index = DiffusersConfigs.JSON.createObjectNode();
        index.put("_class_name", "StableDiffusionPipeline");
        index.put("_mamori_version", "1");
        index.putArray("unet").add("diffusers").add("UNet2DConditionModel");
        index.putArray("vae").add("diffusers").add("AutoencoderKL");
        index.putArray("text_encoder").add("transformers").add("CLIPTextModel");
        index.putArray("tokenizer").add("mamori").add(WordTokenizer.CLASS_NAME);
        index.putArray("scheduler").add("diffusers").add("DDIMScheduler");
        write(dir.resolve("model_index.json"), index);
        write(dir.resolve("unet/config.json"), DiffusersConfigs.unet(m.unet().config));
        StateDictFiles.save(m.unet(), dir.resolve("unet/diffusion_pytorch_model.safetensors"), Map.of("format", "pt"));
        write(dir.resolve("vae/config.json"), DiffusersConfigs.vae(m.vae().config()));
        StateDictFiles.save(m.vae(), dir.resolve("vae/diffusion_pytorch_model.safetensors"), Map.of("format", "pt"));
        write(dir.resolve("text_encoder/config.json"), DiffusersConfigs.textEncoder(m.textEncoder().config()));
        StateDictFiles.save(m.textEncoder(), dir.resolve("text_encoder/model.safetensors"), Map.of("format", "pt"));
        m.tokenizer().save(dir.resolve("tokenizer"));
        write(dir.resolve("scheduler/scheduler_config.json"), DiffusersConfigs.scheduler(m.schedule(), m.prediction()));
    }

    /** Loads a folder written by {@link #save} (or a diffusers folder with a compatible configuration and our tokenizer). */
    public static LatentDiffusionModel load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a pipeline folder (no such directory)");
        if (!Files.isRegularFile(dir.resolve("model_index.json"))) {
            throw new IOException(dir + ": not a pipeline folder (no model_index.json); give the folder `mamori train diffusion` wrote (<run>/pipeline)");
        }
        DiffusersConfigs.read(dir.resolve("model_index.json"));
        UNet2DConditionModel unet = new UNet2DConditionModel(DiffusersConfigs.unet(DiffusersConfigs.read(dir.resolve("unet/config.json")), dir.resolve("unet/config.json")));
        StateDictFiles.load(unet, weights(dir.resolve("unet"), "diffusion_pytorch_model.safetensors"), Set.of());
        AutoencoderKL vae = new AutoencoderKL(DiffusersConfigs.vae(DiffusersConfigs.read(dir.resolve("vae/config.json")), dir.resolve("vae/config.json")));
        StateDictFiles.load(vae, weights(dir.resolve("vae"), "diffusion_pytorch_model.safetensors"), Set.of());
        ClipTextModel text = new ClipTextModel(DiffusersConfigs.textEncoder(DiffusersConfigs.read(dir.resolve("text_encoder/config.json")),
                dir.resolve("text_encoder/config.json")));
        StateDictFiles.load(text, weights(dir.resolve("text_encoder"), "model.safetensors"), TEXT_IGNORED);
        WordTokenizer tokenizer = WordTokenizer.load(dir.resolve("tokenizer"));
        JsonNode s = DiffusersConfigs.read(dir.resolve("scheduler/scheduler_config.json"));
        DiffusersConfigs.SchedulerConfig sc = DiffusersConfigs.scheduler(s, dir.resolve("scheduler/scheduler_config.json"));
        try {
            return new LatentDiffusionModel(tokenizer, text, unet, vae, sc.schedule(), sc.prediction()).eval();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(dir + ": " + e.getMessage(), e);
        }
    }

    private static Path weights(Path dir, String name) throws IOException {
        Path f = dir.resolve(name);
        if (!Files.isRegularFile(f)) throw new IOException(f + ": no such file (the weights of " + dir.getFileName() + ", as safetensors)");
        return f;
    }

    private static void write(Path file, JsonNode node) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, DiffusersConfigs.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }
}
