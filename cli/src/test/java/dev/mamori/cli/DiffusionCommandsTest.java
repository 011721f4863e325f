package dev.mamori.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.mamori.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** `train diffusion` and `generate`: help, the effective config, and usage errors that name the problem (exit 2). */
class DiffusionCommandsTest {

    @Test
    void trainDiffusionPrintsItsConfigAndQuickPreset(@TempDir Path dir) throws Exception {
        CliTest.Run r = run("train", "diffusion", "--print-config");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("captionTemplate: \"{category}: {caption}\"").contains("model: \"unet_emoji_8\"").contains("guidanceScales:");
        CliTest.Run q = run("train", "diffusion", "--quick", "--print-config");
        assertThat(q.out()).contains("trainSubset: 384");
        Path cfg = dir.resolve("d.yaml");
        Files.writeString(cfg, "unet:\n  epochs: 7\n  batchSze: 3\n");
        CliTest.Run bad = run("train", "diffusion", "-c", cfg.toString(), "--print-config");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("batchSze").contains(cfg.toString());
        Files.writeString(cfg, "unet:\n  epochs: 7\n");
        assertThat(run("train", "diffusion", "-c", cfg.toString(), "--print-config").out()).contains("epochs: 7").contains("model: \"unet_emoji_8\"");
        assertThat(run("train", "diffusion", "--help").out()).contains("Usage: mamori train diffusion").contains("--resume");
    }

    @Test
    void resumeNeedsARunDirectory(@TempDir Path dir) {
        CliTest.Run r = run("train", "diffusion", "--resume");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--resume");
        CliTest.Run empty = run("train", "diffusion", "--resume", dir.toString());
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("holds no run");
        CliTest.Run gan = run("train", "gan", "--resume", dir.resolve("none").toString());
        assertThat(gan.code()).isEqualTo(2);
        assertThat(gan.err()).contains("there is no such directory");
    }

    @Test
    void generateNamesAMissingModelFolder(@TempDir Path dir) {
        CliTest.Run r = run("generate", "--model", dir.resolve("nothing").toString(), "--prompt", "flags: flag: japan");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nothing").contains("not a pipeline folder");
        assertThat(run("generate", "--help").out()).contains("--guidance").contains("--seed").contains("--steps");
        assertThat(run("generate", "--model", dir.toString(), "--prompt", "x", "--sampler", "euler").err()).contains("--sampler");
    }
}
