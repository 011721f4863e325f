package dev.mamori.generative.pipelines;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.generative.TinyModels;
import dev.mamori.nn.StateDicts;
import dev.mamori.nn.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineFolderTest {

    @Test
    void savesDiffusersLayoutAndLoadsTheSameModel(@TempDir Path dir) throws Exception {
        LatentDiffusionModel m = TinyModels.model(5);
        m.vae().setScalingFactor(0.37);
        PipelineFolder.save(m, dir);
        for (String f : List.of("model_index.json", "unet/config.json", "unet/diffusion_pytorch_model.safetensors", "vae/config.json",
                "vae/diffusion_pytorch_model.safetensors", "text_encoder/config.json", "text_encoder/model.safetensors", "tokenizer/vocab.json",
                "tokenizer/tokenizer_config.json", "scheduler/scheduler_config.json")) {
            assertThat(dir.resolve(f)).as(f).isRegularFile();
        }
        assertThat(Files.readString(dir.resolve("unet/config.json"))).contains("\"down_block_types\"").contains("CrossAttnDownBlock2D");
        assertThat(SafeTensors.read(dir.resolve("text_encoder/model.safetensors")).tensors()).containsKey("text_model.final_layer_norm.weight");
        LatentDiffusionModel back = PipelineFolder.load(dir);
        assertThat(back.vae().scalingFactor()).isEqualTo(0.37);
        GenerationOptions o = GenerationOptions.defaults().withSteps(4).withSeed(3);
        INDArray a = new TextToImagePipeline(m, null, false).generate(List.of("blue circle"), o).images();
        INDArray b = new TextToImagePipeline(back, null, false).generate(List.of("blue circle"), o).images();
        assertThat(a.equalsWithEps(b, 1e-6)).isTrue();
    }

    /** A weight file with a wrong key name or shape is a clear error naming the file and the key. */
    @Test
    void aWrongKeyOrShapeNamesTheFileAndKey(@TempDir Path dir) throws Exception {
        LatentDiffusionModel m = TinyModels.model(6);
        PipelineFolder.save(m, dir);
        Path unet = dir.resolve("unet/diffusion_pytorch_model.safetensors");
        Map<String, INDArray> state = new LinkedHashMap<>(StateDicts.of(m.unet()));
        state.put("down_blocks.0.attentions.0.proj_inn.weight", state.remove("down_blocks.0.attentions.0.proj_in.weight"));
        SafeTensors.write(unet, state, Map.of());
        assertThatThrownBy(() -> PipelineFolder.load(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(unet.toString()).hasMessageContaining("proj_inn.weight").hasMessageContaining("did you mean");
        state = new LinkedHashMap<>(StateDicts.of(m.unet()));
        state.put("conv_in.weight", state.get("conv_in.weight").reshape(16, 4, 9, 1));
        SafeTensors.write(unet, state, Map.of());
        assertThatThrownBy(() -> PipelineFolder.load(dir)).hasMessageContaining(unet.toString()).hasMessageContaining("'conv_in.weight'")
                .hasMessageContaining("[16, 4, 9, 1]");
    }

    @Test
    void unsupportedDiffusersOptionsAreNamed(@TempDir Path dir) throws Exception {
        ObjectNode cfg = DiffusersConfigs.unet(TinyModels.unet(16).config);
        cfg.put("resnet_time_scale_shift", "scale_shift");
        Path file = dir.resolve("config.json");
        assertThatThrownBy(() -> DiffusersConfigs.unet(cfg, file)).hasMessageContaining(file.toString()).hasMessageContaining("resnet_time_scale_shift");
        ObjectNode sd = DiffusersConfigs.unet(TinyModels.unet(16).config);
        sd.putArray("attention_head_dim").add(2).add(2);
        assertThat(DiffusersConfigs.unet(sd, file).attentionHeads()).isEqualTo(2);
        sd.putArray("attention_head_dim").add(2).add(4);
        assertThatThrownBy(() -> DiffusersConfigs.unet(sd, file)).hasMessageContaining("one value for every level");
        assertThatThrownBy(() -> PipelineFolder.load(dir.resolve("nothing"))).hasMessageContaining("not a pipeline folder");
    }
}
