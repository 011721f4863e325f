package dev.mamori.cli;

import dev.mamori.models.gan.StyleGan2;
import dev.mamori.models.gan.StyleGanConfig;
import dev.mamori.models.gan.StyleGanFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.mamori.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** `train gan` and `generate gan`: the effective config, grids from a model file, and errors that name the file. */
class GanCommandsTest {

    @Test
    void trainGanPrintsItsConfigAndQuickPreset() {
        CliTest.Run r = run("train", "gan", "--print-config");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("dataset: \"emoji-faces\"").contains("model: \"stylegan2_emoji_32\"").contains("r1Interval: 16");
        assertThat(run("train", "gan", "--quick", "--print-config").out()).contains("trainSubset: 256");
    }

    @Test
    void generateGanWritesAGridAndNamesABadFile(@TempDir Path dir) throws Exception {
        StyleGan2 gan = new StyleGan2(new StyleGanConfig(8, 3, 8, 8, 2, new int[]{8, 8}, new int[]{4, 4}, 0.9));
        Path model = dir.resolve("g.safetensors");
        StyleGanFiles.save(gan, model, Map.of());
        CliTest.Run r = run("generate", "gan", "--model", model.toString(), "--num-images", "3", "--psi", "1,0", "--out", dir.resolve("out").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(dir.resolve("out/grid.png")).isRegularFile();
        assertThat(Files.size(dir.resolve("out/grid.png"))).isPositive();
        CliTest.Run missing = run("generate", "gan", "--model", dir.resolve("nothing.safetensors").toString());
        assertThat(missing.code()).isNotZero();
        assertThat(missing.err()).contains("nothing.safetensors");
    }
}
