package dev.mamori.methods.genattack.ldm.experiment;

import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.common.Verdict;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.genattack.attack.EncryptedImageBaseline;
import dev.mamori.methods.genattack.attack.SchemeComparison;
import dev.mamori.methods.genattack.attack.UNetInversionAttack;
import dev.mamori.methods.genattack.ldm.LatentDiffusionAttack;
import dev.mamori.methods.testing.RealDatasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole experiment on real emoji with tiny models and budgets: it writes the report with the comparison table,
 * grids and claims (the StyleGAN comparison not measured without a generator), and a resumed run reads every scored cell
 * back from the journal instead of loading or training anything again.
 */
class GenAttackLdmExperimentTest {

    static GenAttackLdmConfig tiny() {
        GenAttackLdmConfig c = GenAttackLdmConfig.of(ExperimentConfig.Preset.QUICK);
        c.trainSubset = 32;
        c.testSubset = 6;
        c.schemes = new ArrayList<>(List.of("etc", "gray_etc"));
        c.seeds = 1;
        c.examples = 2;
        c.vaeEpochs = 1;
        c.vaeBatchSize = 16;
        c.ldmWidth = 16;
        c.ldmUnetChannels = new ArrayList<>(List.of(16));
        c.ldmEpochs = 1;
        c.ldmBatchSize = 16;
        c.ldmSamplingSteps = 2;
        c.unetSteps = 2;
        c.unetBatchSize = 8;
        c.unetBaseChannels = 4;
        c.unetDepth = 1;
        c.judgeEpochs = 1;
        c.judgeModelConfig = new LinkedHashMap<>(Map.of("dim", 16, "depth", 1, "patchSize", 4));
        return c;
    }

    @Test
    void writesTheReportWithClaimsAndResumesWithoutTrainingAgain(@TempDir Path dir) throws Exception {
        GenAttackLdmConfig cfg = tiny().validate();
        RealDatasets.require(cfg.dataset);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        GenAttackLdmExperiment.Result r;
        try (RunDirectory run = RunDirectory.open(dir, cfg, RunDirectory.Mode.NEW)) {
            r = GenAttackLdmExperiment.run(cfg, run, new PrintStream(log, true));
        }
        String md = Files.readString(r.report().markdown());
        boolean judgeAtChance = md.contains("not above chance, so class agreement is not measured");
        List<SchemeComparison.Result> results = r.comparisons().get(0);
        assertThat(results).extracting(SchemeComparison.Result::scheme).containsExactly("etc", "gray_etc");
        for (SchemeComparison.Result c : results) {
            assertThat(c.attacks()).extracting(SchemeComparison.AttackScores::attack)
                    .containsExactly(EncryptedImageBaseline.NAME, LatentDiffusionAttack.NAME, UNetInversionAttack.NAME);
            assertThat(c.attack(LatentDiffusionAttack.NAME).psnr().value()).isFinite();
            assertThat(c.attack(LatentDiffusionAttack.NAME).perceptual()).isNotNull();
            // class agreement is measured exactly when the judge beats chance, on every test image
            SchemeComparison.AttackScores ldm = c.attack(LatentDiffusionAttack.NAME);
            assertThat(ldm.agreement() == null).isEqualTo(judgeAtChance);
            if (ldm.agreement() != null) assertThat(ldm.agreement().trials()).isEqualTo(6);
            assertThat(ldm.frechet()).isNotNull();
        }
        assertThat(r.claims()).extracting(Claim::statement).anyMatch(s -> s.contains("inverse-translation U-Net"));
        assertThat(r.claims()).filteredOn(cl -> cl.statement().contains("StyleGAN")).isNotEmpty()
                .allMatch(cl -> cl.verdict() == Verdict.NOT_MEASURED);
        assertThat(md).contains("latent diffusion").contains("u-net").contains("Summary over seeds").contains("not measured");
        assertThat(r.report().figures()).anyMatch(p -> p.getFileName().toString().contains("gray_etc"));
        assertThat(log.toString()).contains("vae: training").contains("ldm/etc/seed0: training");

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        try (RunDirectory run = RunDirectory.open(dir, cfg, RunDirectory.Mode.RESUME)) {
            GenAttackLdmExperiment.run(cfg, run, new PrintStream(again, true));
        }
        // every cell was scored and journaled: read back, no judge, VAE or attack loaded or trained
        assertThat(again.toString()).contains("etc/seed0: done earlier").contains("gray_etc/seed0: done earlier").doesNotContain("judge:")
                .doesNotContain("vae:").doesNotContain("ldm/etc/seed0").doesNotContain("scoring");
    }

    @Test
    void theConfigNamesBadFields() {
        GenAttackLdmConfig c = GenAttackLdmConfig.of(ExperimentConfig.Preset.DEFAULT);
        c.schemes = new ArrayList<>(List.of("neuracrypt"));
        assertThatThrownBy(c::validate).hasMessageContaining("schemes");
        GenAttackLdmConfig d = GenAttackLdmConfig.of(ExperimentConfig.Preset.DEFAULT);
        d.ldmConditionDropout = 1.0;
        assertThatThrownBy(d::validate).hasMessageContaining("ldmConditionDropout");
        assertThat(GenAttackLdmConfig.of(ExperimentConfig.Preset.QUICK).validate().seeds).isEqualTo(3);
    }
}
