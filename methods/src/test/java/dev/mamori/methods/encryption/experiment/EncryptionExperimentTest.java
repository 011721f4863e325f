package dev.mamori.methods.encryption.experiment;

import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.crypto.OwnerOnlyFiles;
import dev.mamori.methods.encryption.EncryptionKey;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.testing.KeyLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A tiny end-to-end run on real data (both datasets through the catalog): report, claims, keys, and no key anywhere
 * else; resumed once finished, it reads every stage back.
 */
class EncryptionExperimentTest {

    static EncryptionConfig tiny() {
        EncryptionConfig c = EncryptionConfig.quick();
        c.datasetSettings.put("emoji-category", DatasetSettings.of(160, 60, 1));
        c.datasetSettings.put("fashion-mnist", DatasetSettings.of(160, 60, 1));
        c.schemes = new ArrayList<>(List.of("le", "etc", "neuracrypt", "color_neuracrypt"));
        c.unetSchemes = new ArrayList<>(List.of("etc"));
        c.convMixerSchemes = new ArrayList<>(List.of("etc"));
        c.neuraCryptHidden = 16;
        c.neuraCryptOutputDim = 16;
        c.neuraCryptDepth = 1;
        c.vitDim = 16;
        c.vitDepth = 1;
        c.vitHeads = 2;
        c.adaptationHidden = 8;
        c.convMixerDim = 8;
        c.convMixerDepth = 1;
        c.encodeBatchSize = 20;
        c.breakTargets = 40;
        c.breakEncoders = 2;
        c.breakImagesPerEncoder = 20;
        c.breakSteps = 10;
        c.breakBatchSize = 64;
        c.breakCandidates = 5;
        c.breakRefinements = 1;
        c.unetSteps = 2;
        c.unetBatchSize = 4;
        c.unetBaseChannels = 2;
        c.unetDepth = 1;
        c.unetEvalImages = 12;
        c.gridImages = 3;
        return c;
    }

    @Test
    void aTinyRunReportsAccuracyBesidePrivacyAndKeepsKeysInKeyFilesOnly(@TempDir Path dir) throws Exception {
        EncryptionConfig c = tiny();
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        EncryptionExperiment.Result r = EncryptionExperiment.run(c, dir, new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        String log = logBytes.toString(StandardCharsets.UTF_8);

        // plain ViT + (le, etc + ConvMixer, neuracrypt, color_neuracrypt) per dataset, one seed
        assertThat(r.classifiers()).hasSize(2 * 6);
        assertThat(r.classifiers()).extracting(ClassifierRun::model).contains("vit", "adaptation+vit", "token-vit", "convmixer");
        assertThat(r.breaks()).hasSize(4).allSatisfy(b -> assertThat(b.result().targets()).isEqualTo(40));
        assertThat(r.inversions()).hasSize(2);
        assertThat(r.keySpaces()).hasSize(8);
        assertThat(r.claims()).hasSize(5);
        assertThat(r.claims()).extracting(Claim::statement).anySatisfy(s -> assertThat(s).contains("Color-NeuraCrypt"));
        assertThat(Files.readString(r.report().markdown())).contains("Claims and verdicts").contains("accuracy beside privacy")
                .contains("Matching attack").contains("Key spaces");
        assertThat(dir.resolve("figures").resolve("emoji-category-schemes.png")).exists();
        assertThat(dir.resolve("figures").resolve("fashion-mnist-unet.png")).exists();

        // keys: owner-only files, one per (dataset, scheme, seed) plus the attacks' owner keys
        List<Path> keys;
        try (Stream<Path> s = Files.list(dir.resolve("keys"))) {
            keys = s.sorted().toList();
        }
        assertThat(keys).hasSize(2 * 4 + 2 * 2);
        // every file of the run outside keys/ (reports, results, model files, images), the log, and every file name
        List<byte[]> haystacks = new ArrayList<>();
        StringBuilder names = new StringBuilder();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                names.append(dir.relativize(p)).append('\n');
                if (Files.isRegularFile(p) && !p.startsWith(dir.resolve("keys"))) haystacks.add(Files.readAllBytes(p));
            }
        }
        haystacks.add(log.getBytes(StandardCharsets.UTF_8));
        haystacks.add(names.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(haystacks.size()).isGreaterThan(10);
        for (Path k : keys) {
            assertThat(OwnerOnlyFiles.isOwnerOnly(k)).as(k.toString()).isTrue();
            EncryptionKey key = Scheme.loadAny(k, null);
            assertThat(log).contains(key.id());
            for (byte[] h : haystacks) assertThat(KeyLeaks.foundIn(h, key)).as("material of %s", k.getFileName()).isEmpty();
        }
        assertThat(dir.resolve("emoji-category").resolve("seed0").resolve("etc-data")).doesNotExist(); // encrypted data deleted after training

        assertThatThrownBy(() -> EncryptionExperiment.run(c, dir, new PrintStream(new ByteArrayOutputStream())))
                .hasMessageContaining("already holds a run");

        // resumed once finished: every stage is read back (classifiers, matching attacks, U-Net examples), none redone
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        EncryptionExperiment.Result back;
        try (RunDirectory run = RunDirectory.open(dir, c, RunDirectory.Mode.RESUME)) {
            back = EncryptionExperiment.run(c, run, new PrintStream(again, true, StandardCharsets.UTF_8));
        }
        assertThat(again.toString(StandardCharsets.UTF_8)).contains("done earlier").doesNotContain("encrypted 160 training images");
        assertThat(back.classifiers()).isEqualTo(r.classifiers());
        assertThat(back.breaks()).isEqualTo(r.breaks());
        assertThat(back.inversions()).hasSameSizeAs(r.inversions());
        for (int i = 0; i < r.inversions().size(); i++) {
            var a = r.inversions().get(i).result();
            var b = back.inversions().get(i).result();
            assertThat(List.of(b.scheme(), b.encrypted(), b.reconstructed(), b.training(), b.config()))
                    .isEqualTo(List.of(a.scheme(), a.encrypted(), a.reconstructed(), a.training(), a.config()));
            assertThat(b.exampleReconstructed().data().asFloat()).isEqualTo(a.exampleReconstructed().data().asFloat());
            assertThat(b.exampleEncrypted().shape()).isEqualTo(a.exampleEncrypted().shape());
        }
    }
}
