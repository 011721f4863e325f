package dev.mamori.models.gan;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.StateDictFiles;
import dev.mamori.nn.io.SafeTensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A trained StyleGAN2 pair as one safetensors file: every parameter and the running mean of w, with the family and
 * config as JSON in the metadata ({@code mamori_family}, {@code mamori_config}), so a file is loaded without knowing its
 * sizes. A file without them, or whose config does not parse, is an error naming the file and the field.
 */
public final class StyleGanFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FAMILY_KEY = "mamori_family", CONFIG_KEY = "mamori_config";

    private StyleGanFiles() {
    }

    public static void save(StyleGan2 gan, Path file, Map<String, String> extraMetadata) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(extraMetadata);
        meta.put(FAMILY_KEY, "stylegan2");
        meta.put(CONFIG_KEY, JSON.writeValueAsString(ModelRegistry.family("stylegan2").configMap(gan.config())));
        StateDictFiles.save(gan, file, meta);
    }

    @SuppressWarnings("unchecked")
    public static StyleGan2 load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such StyleGAN file");
        Map<String, String> meta = SafeTensors.header(file).metadata();
        if (!"stylegan2".equals(meta.get(FAMILY_KEY)) || !meta.containsKey(CONFIG_KEY)) {
            throw new IOException(file + ": metadata field '" + FAMILY_KEY + "' is not 'stylegan2' or '" + CONFIG_KEY
                    + "' is missing; not a StyleGAN2 file written by Mamori");
        }
        StyleGanConfig config;
        try {
            config = (StyleGanConfig) ModelRegistry.family("stylegan2").config(JSON.readValue(meta.get(CONFIG_KEY), Map.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(file + ": metadata field '" + CONFIG_KEY + "' is not a valid StyleGAN config: " + e.getMessage(), e);
        }
        StyleGan2 gan = new StyleGan2(config);
        StateDictFiles.load(gan, file, Set.of());
        return gan;
    }
}
