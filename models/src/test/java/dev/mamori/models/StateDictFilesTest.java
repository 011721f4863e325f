package dev.mamori.models;

import dev.mamori.models.diffusion.SkipConnections;
import dev.mamori.models.diffusion.UNet2DConditionModel;
import dev.mamori.nn.StateDicts;
import dev.mamori.nn.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateDictFilesTest {
    static UNet2DConditionModel unet() {
        return new UNet2DConditionModel(new UNet2DConditionModel.Config(4, 4, 4, new int[]{8, 16}, new boolean[]{false, true}, 1, 2, 8, 1, 4,
                1e-5, false, SkipConnections.EVERY_LAYER));
    }

    @Test
    void roundTripsAndRejectsAWrongKeyOrShapeNamingTheFileAndKey(@TempDir Path dir) throws IOException {
        UNet2DConditionModel a = unet(), b = unet();
        Path file = dir.resolve("diffusion_pytorch_model.safetensors");
        StateDictFiles.save(a, file, Map.of("format", "pt"));
        StateDictFiles.load(b, file, Set.of());
        assertThat(StateDicts.of(b).get("conv_in.weight").equals(StateDicts.of(a).get("conv_in.weight"))).isTrue();

        Map<String, INDArray> state = new LinkedHashMap<>(StateDicts.of(a));
        state.put("mid_block.resnets.0.conv1.weigth", state.remove("mid_block.resnets.0.conv1.weight"));
        Path misspelt = dir.resolve("misspelt.safetensors");
        SafeTensors.write(misspelt, state, Map.of());
        assertThatThrownBy(() -> StateDictFiles.load(unet(), misspelt, Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(misspelt.toString())
                .hasMessageContaining("'mid_block.resnets.0.conv1.weigth' is not a parameter of UNet2DConditionModel")
                .hasMessageContaining("did you mean 'mid_block.resnets.0.conv1.weight'");

        Map<String, INDArray> shaped = new LinkedHashMap<>(StateDicts.of(a));
        shaped.put("conv_out.weight", Nd4j.zeros(DataType.FLOAT, 4, 8, 3, 1));
        Path wrongShape = dir.resolve("shape.safetensors");
        SafeTensors.write(wrongShape, shaped, Map.of());
        assertThatThrownBy(() -> StateDictFiles.load(unet(), wrongShape, Set.of()))
                .hasMessageContaining(wrongShape.toString()).hasMessageContaining("'conv_out.weight'").hasMessageContaining("[4, 8, 3, 1]");

        Map<String, INDArray> missing = new LinkedHashMap<>(StateDicts.of(a));
        missing.remove("conv_norm_out.bias");
        missing.put("text_model.embeddings.position_ids", Nd4j.zeros(DataType.INT64, 1, 4));
        Path lacking = dir.resolve("lacking.safetensors");
        SafeTensors.write(lacking, missing, Map.of());
        assertThatThrownBy(() -> StateDictFiles.load(unet(), lacking, Set.of("text_model.embeddings.position_ids")))
                .hasMessageContaining(lacking.toString()).hasMessageContaining("no tensor 'conv_norm_out.bias'");
    }
}
