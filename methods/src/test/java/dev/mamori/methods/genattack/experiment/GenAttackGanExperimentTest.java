package dev.mamori.methods.genattack.experiment;

import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.methods.common.Verdict;
import dev.mamori.methods.genattack.attributes.AttributeAccuracy;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.genattack.attack.EncryptedImageBaseline;
import dev.mamori.methods.genattack.attack.StyleGanEncoderAttack;
import dev.mamori.methods.genattack.attack.UNetInversionAttack;
import dev.mamori.methods.genattack.gan.GanTrainingTest;
import dev.mamori.methods.common.ExperimentConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The experiment end to end at a tiny size on real emoji-faces (a StyleGAN2 of a few thousand parameters, one epoch of
 * everything; its numbers mean nothing): the report has every scheme with all three attacks, the attribute table and
 * every claim; a resumed run reads finished stages back instead of redoing them (the generator is not trained again).
 */
class GenAttackGanExperimentTest {

    static GenAttackGanConfig tiny() {
        GenAttackGanConfig c = GenAttackGanConfig.of(ExperimentConfig.Preset.QUICK);
        c.trainSubset = 48;
        c.testImages = 24;
        c.attackSeeds = List.of(5L);
        c.gan = GanTrainingTest.tiny();
        c.encoderWidth = 4;
        c.encoderEpochs = 1;
        c.unetSteps = 2;
        c.unetBatchSize = 4;
        c.unetBaseChannels = 4;
        c.unetDepth = 1;
        c.attributeDim = 8;
        c.attributeDepth = 1;
        c.attributeEpochs = 1;
        c.judgeEpochs = 1;
        c.minPerClass = 2;
        c.gridImages = 3;
        c.reproducibleKeys = true;
        return c;
    }

    @Test
    void tinyRunReportsEverySchemeAndClaimAndResumesFinishedStages(@TempDir Path dir) throws Exception {
        boolean present = DataCatalog.fromEnvironment().locate("emoji-faces").isPresent();
        if (!"1".equals(System.getenv("MAMORI_REQUIRE_REAL_DATA"))) {
            Assumptions.assumeTrue(present, "the emoji packages are not installed (.ci/install-data)");
        }
        GenAttackGanConfig cfg = tiny().validate();
        Path runDir = dir.resolve("run");
        GenAttackGanExperiment.Result first;
        try (RunDirectory run = RunDirectory.open(runDir, cfg, RunDirectory.Mode.NEW)) {
            first = GenAttackGanExperiment.run(cfg, run, quiet());
        }
        assertThat(first.stagesSkipped()).isZero();
        for (String scheme : cfg.schemes) {
            assertThat(first.comparisons().stream().filter(r -> r.scheme().equals(scheme)).map(ComparisonRow::attack))
                    .containsExactly(EncryptedImageBaseline.NAME, StyleGanEncoderAttack.NAME, UNetInversionAttack.NAME);
        }
        assertThat(first.comparisons()).allSatisfy(r -> {
            assertThat(r.perceptual()).isNotNull();
            assertThat(r.frechet()).isNotNull().isFinite().isGreaterThanOrEqualTo(0);
        });
        assertThat(first.attributes()).extracting(AttributeRow::scheme).containsOnly("etc", "gray_etc");
        assertThat(first.attributes()).extracting(AttributeRow::reader).contains(AttributeRow.PLAIN, AttributeRow.ENCRYPTED, AttributeRow.UPPER_BOUND,
                StyleGanEncoderAttack.NAME, UNetInversionAttack.NAME);
        assertThat(first.claims()).hasSize(5);
        String md = Files.readString(runDir.resolve("report").resolve("report.md"));
        for (String scheme : cfg.schemes) assertThat(md).contains("grid-" + scheme + ".png");
        assertThat(md).contains("Claims and verdicts", "EtC face attack: attributes", "The perceptual distance is ours");
        // class agreement is measured exactly when the judge beats chance (the report says when it does not)
        boolean judgeAtChance = md.contains("not above chance, so class agreement is not measured");
        assertThat(first.comparisons()).allSatisfy(r -> assertThat(r.agreement() == null).isEqualTo(judgeAtChance));

        // A run killed during its last stage: the journal keeps every line before it.
        Path journal = runDir.resolve(RunDirectory.JOURNAL);
        List<String> lines = Files.readAllLines(journal);
        int cut = 0;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains("\"seed5/gray_etc\"")) cut = i + 1;
        Files.write(journal, lines.subList(0, cut));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        GenAttackGanExperiment.Result resumed;
        try (RunDirectory run = RunDirectory.open(runDir, cfg, RunDirectory.Mode.RESUME)) {
            resumed = GenAttackGanExperiment.run(cfg, run, new PrintStream(log, true, StandardCharsets.UTF_8));
        }
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(resumed.stagesSkipped()).isEqualTo(cfg.schemes.size() - 1);
        assertThat(text).contains("seed5/le: finished earlier", "seed5/gray_etc: finished earlier", "generator: trained earlier in this run",
                "judge: trained earlier").doesNotContain("seed5/block_shuffle: finished earlier");
        assertThat(resumed.comparisons().stream().filter(r -> r.scheme().equals("le")).toList())
                .isEqualTo(first.comparisons().stream().filter(r -> r.scheme().equals("le")).toList());
        // keys derived from the seeds and seeded training: the redone stages measure what the first run measured
        assertThat(resumed.comparisons()).isEqualTo(first.comparisons());
        assertThat(resumed.claims()).extracting(c -> c.verdict()).isEqualTo(first.claims().stream().map(c -> c.verdict()).toList());
    }

    @Test
    void configErrorsNameTheField() {
        GenAttackGanConfig c = tiny();
        c.schemes = List.of("neuracrypt");
        assertThatThrownBy(c::validate).hasMessageContaining("schemes");
        GenAttackGanConfig d = tiny();
        d.attributeSchemes = List.of("pe");
        d.schemes = List.of("etc");
        assertThatThrownBy(d::validate).hasMessageContaining("attributeSchemes");
    }

    @Test
    void attributesWithTooFewTestFacesMakeTheAttributeClaimsNotMeasured() {
        GenAttackGanConfig c = tiny();
        c.schemes = List.of("etc");
        c.attributeSchemes = List.of("etc");
        List<AttributeRow> rows = new java.util.ArrayList<>();
        for (String reader : List.of(AttributeRow.ENCRYPTED, StyleGanEncoderAttack.NAME)) {
            rows.add(new AttributeRow(5, "etc", reader, AttributeAccuracy.of("eyeglasses", List.of("no", "yes"), new int[20], new int[20], 2, 1)));
        }
        List<dev.mamori.methods.common.Claim> claims = new GenAttackGanClaims(c, List.of(), rows).all();
        assertThat(claims.get(3).verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(claims.get(3).evidence()).contains("eyeglasses");
        assertThat(claims.get(4).verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(claims.get(0).verdict()).as("no comparison rows: nothing measured, never a pass").isEqualTo(Verdict.NOT_MEASURED);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true);
    }
}
