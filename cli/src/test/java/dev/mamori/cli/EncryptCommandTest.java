package dev.mamori.cli;

import dev.mamori.methods.crypto.OwnerOnlyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.mamori.cli.RunCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The encrypted workflow on Fashion-MNIST: {@code mamori encrypt} with a new key, a key for another block size refused,
 * {@code mamori train --encrypted}, {@code mamori eval --key} (plain images encrypted with the key) and
 * {@code --encrypted} (the already-encrypted split) agreeing, and {@code run encryption}'s help and config.
 */
class EncryptCommandTest {

    @Test
    void encryptTrainAndServeOnEncryptedImages(@TempDir Path dir) throws Exception {
        RunCommandTest.Run list = run("encrypt", "--list-schemes");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("etc").contains("neuracrypt").contains("color_neuracrypt").contains("gray_etc");

        Path key = dir.resolve("keys/etc.key"), enc = dir.resolve("enc");
        RunCommandTest.Run e = run("encrypt", "--dataset", "fashion-mnist", "--train-subset", "96", "--test-subset", "40", "--scheme", "etc",
                "--key", key.toString(), "--new-key", "--out", enc.toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("images/s").contains("stored as bytes").contains("key space");
        assertThat(enc.resolve("train.safetensors")).exists();
        assertThat(enc.resolve("test.safetensors")).exists();
        assertThat(OwnerOnlyFiles.isOwnerOnly(key)).isTrue();

        RunCommandTest.Run again = run("encrypt", "--dataset", "fashion-mnist", "--train-subset", "8", "--test-subset", "8", "--key", key.toString(),
                "--new-key", "--out", dir.resolve("x").toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("never overwrites");
        RunCommandTest.Run wrongBlock = run("encrypt", "--dataset", "fashion-mnist", "--train-subset", "8", "--test-subset", "8", "--key", key.toString(),
                "--block-size", "7", "--out", dir.resolve("y").toString());
        assertThat(wrongBlock.code()).isEqualTo(2);
        assertThat(wrongBlock.err()).contains(key.toString()).contains("'geometry.block_size'");

        Path runDir = dir.resolve("run");
        RunCommandTest.Run t = run("train", "--encrypted", enc.toString(), "--model", "vit", "--model-config",
                "imageSize=28,patchSize=4,inChannels=1,embedDim=16,depth=1,heads=2", "--epochs", "1", "--batch-size", "32", "--lr", "0.003",
                "--out", runDir.toString());
        assertThat(t.code()).as(t.err()).isZero();
        Path model = runDir.resolve("model.safetensors");
        assertThat(model).exists();

        RunCommandTest.Run withKey = run("eval", model.toString(), "--key", key.toString(), "--test-subset", "40");
        assertThat(withKey.code()).as(withKey.err()).isZero();
        RunCommandTest.Run encrypted = run("eval", model.toString(), "--encrypted", enc.toString());
        assertThat(encrypted.code()).as(encrypted.err()).isZero();
        assertThat(accuracy(withKey.out())).isEqualTo(accuracy(encrypted.out()));
        RunCommandTest.Run noKey = run("eval", model.toString());
        assertThat(noKey.code()).isEqualTo(2);
        assertThat(noKey.err()).contains("--key");
        assertThat(Files.readString(runDir.resolve("report.md"))).doesNotContain(Files.readString(key).substring(200, 240));
    }

    @Test
    void theExperimentCommandDescribesItselfAndItsConfig() {
        RunCommandTest.Run help = run("run", "encryption", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: mamori run encryption").contains("--quick").contains("--config");
        RunCommandTest.Run cfg = run("run", "encryption", "--quick", "--print-config");
        assertThat(cfg.code()).isZero();
        assertThat(cfg.out()).contains("breakTargets: 300").contains("- \"color_neuracrypt\"");
        RunCommandTest.Run full = run("run", "encryption", "--print-config");
        assertThat(full.out()).contains("breakTargets: 1000");
    }

    private static String accuracy(String out) {
        Matcher m = Pattern.compile("accuracy ([0-9.]+)%").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }
}
