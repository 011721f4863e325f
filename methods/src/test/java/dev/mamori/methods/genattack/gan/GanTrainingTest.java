package dev.mamori.methods.genattack.gan;

import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.models.gan.StyleGan2;
import dev.mamori.models.gan.StyleGanFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The `train gan` path on the real emoji-faces images with a tiny StyleGAN2 and one epoch: it trains through the generic
 * trainer, saves the EMA generator with its config, the file loads back into the same images, and the sample grid is
 * written. The images of such a run mean nothing (the model is untrained).
 */
public class GanTrainingTest {

    /** A StyleGAN2 of a few thousand parameters trained for one epoch on 16 images (shared by the genattack experiment test). */
    public static GanConfig tiny() {
        GanConfig c = GanConfig.of(ExperimentConfig.Preset.QUICK);
        c.trainSubset = 16;
        c.epochs = 1;
        c.batchSize = 8;
        c.sampleImages = 4;
        c.modelOverrides.putAll(Map.of("generatorChannels", List.of(8, 8, 8, 8), "discriminatorChannels", List.of(4, 4, 4, 4),
                "zDim", 8, "wDim", 8));
        return c;
    }

    @Test
    void trainsSavesAndLoadsTheGenerator(@TempDir Path dir) throws Exception {
        boolean present = DataCatalog.fromEnvironment().locate("emoji-faces").isPresent();
        if (!"1".equals(System.getenv("MAMORI_REQUIRE_REAL_DATA"))) {
            Assumptions.assumeTrue(present, "the emoji packages are not installed (.ci/install-data)");
        }
        GanTraining.Result r = GanTraining.train(tiny(), dir, new PrintStream(new ByteArrayOutputStream(), true));
        assertThat(r.history().steps()).isEqualTo(2);
        assertThat(r.history().last().metric("train_d_loss")).isFinite();
        assertThat(r.samples()).isRegularFile();
        StyleGan2 loaded = StyleGanFiles.load(r.modelFile());
        assertThat(loaded.config()).usingRecursiveComparison().isEqualTo(r.gan().config());
        assertThat(GanSamples.images(loaded.generator, 2, 5, 0.7).equalsWithEps(GanSamples.images(r.gan().generator, 2, 5, 0.7), 1e-6)).isTrue();
        assertThat(loaded.generator.mapping.averageW().equalsWithEps(r.gan().generator.mapping.averageW(), 0)).isTrue();

        // the run directory resumes: a finished training is restored from its final checkpoint and saves the same bytes
        byte[] first = java.nio.file.Files.readAllBytes(r.modelFile());
        GanTraining.Result again = GanTraining.train(tiny(), dir, new PrintStream(new ByteArrayOutputStream(), true));
        assertThat(java.nio.file.Files.readAllBytes(again.modelFile())).isEqualTo(first);
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("journal.jsonl"))).filteredOn(l -> l.contains("\"task\":\"stylegan2\"")).hasSize(1);
    }

    @Test
    void aFileThatIsNotAStyleGanIsAClearError(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("other.safetensors");
        dev.mamori.nn.io.SafeTensors.write(f, Map.of("w", org.nd4j.linalg.factory.Nd4j.zeros(2)), Map.of());
        assertThatThrownBy(() -> StyleGanFiles.load(f)).hasMessageContaining("other.safetensors").hasMessageContaining("mamori_family");
        Files.writeString(dir.resolve("bad.safetensors"), "garbage");
        assertThatThrownBy(() -> StyleGanFiles.load(dir.resolve("bad.safetensors"))).isInstanceOf(IOException.class);
    }
}
