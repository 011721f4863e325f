package dev.mamori.methods.keydefense.experiment;

import dev.mamori.eval.metrics.Proportion;
import dev.mamori.methods.attacks.Norm;
import dev.mamori.methods.attacks.SanityWarning;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.keydefense.adaptive.AttackOutcome;
import dev.mamori.methods.keydefense.adaptive.AttackerKnowledge;
import dev.mamori.methods.keydefense.adaptive.KeyKnowledge;
import dev.mamori.methods.keydefense.adaptive.KeySearch;
import dev.mamori.methods.keydefense.adaptive.KeySearchSummary;
import dev.mamori.methods.keydefense.adaptive.WeightAccess;
import dev.mamori.methods.testing.KeyLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A model's attack results and creation record, journaled by one process and read back by another (the journal file
 * closed and reopened), are exactly the ones written: every outcome's counts, budget, knowledge, seconds, per-draw
 * accuracy and judge rule, the key search's measurements, NaN fields included; the journal holds no key material.
 */
class JournaledResultsTest {
    private static final SecretKey KEY = SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 7);

    private static BuiltModel model(Proportion clean) {
        return new BuiltModel("vit/shuffle/full", "vit", KeyMethod.FULL, TransformKind.SHUFFLE, 1, null, null, List.of(KEY), clean, 12_345, 0.1 + 0.2);
    }

    private static ModelResult result() {
        AttackerKnowledge wrongKey = new AttackerKnowledge(WeightAccess.TARGET, KeyKnowledge.WRONG_GUESS, true, 0, Double.NaN);
        List<AttackOutcome> outcomes = List.of(
                new AttackOutcome("pgd_wrong_key", "PGD-50(eps=0.0314, alpha=0.00784)", Norm.LINF, 8 / 255.0, Proportion.of(17, 100),
                        Proportion.of(61, 78), wrongKey, 12.345678901234567, 0.17, "one call"),
                new AttackOutcome("eot_own_keys", "PGD-EOT", Norm.LINF, 4 / 255.0, Proportion.of(3, 30), Proportion.of(20, 23),
                        new AttackerKnowledge(WeightAccess.TARGET, KeyKnowledge.ALL_SLOT_KEYS, true, 256, 51.5), 1e-9, 1.0 / 3, "all 3 realizations"),
                new AttackOutcome("cw_wrong_key", "CW within L2 1.0", Norm.L2, 1.0, Proportion.of(0, 0), Proportion.of(0, 0), wrongKey,
                        Double.MIN_VALUE, Double.NaN, "one call"));
        KeySearchSummary search = new KeySearchSummary("random+climb", new KeySearch.Score(77, 128, -0.123456789012345678), 128, 1_003,
                List.of(new KeySearch.Step(1, 50, -2.5), new KeySearch.Step(17, 77, -0.123456789012345678)), 4.25, 1.234e-300);
        List<SanityWarning> sanity = List.of(new SanityWarning(SanityWarning.Kind.ZERO_GRADIENT, "3 of 32 examples have zero input gradients"));
        return new ModelResult(model(Proportion.of(83, 100)), outcomes, search, 0.1 + 0.7, sanity, 98.76543210987654);
    }

    @Test
    void aJournaledResultReadBackInAnotherProcessIsTheSame(@TempDir Path dir) throws Exception {
        Map<String, Object> config = Map.of("seed", 0);
        ModelResult written = result();
        try (RunDirectory run = RunDirectory.open(dir, config, RunDirectory.Mode.NEW)) {
            run.markDone(JournaledResults.MODEL + written.model().id(), JournaledResults.model(written.model().cleanAccuracy(),
                    written.model().secondsToCreate(), written.model().trainableParameters()));
            run.markDone(JournaledResults.ATTACKS + written.model().id(), JournaledResults.attacks(written));
            run.markDone(JournaledResults.ATTACKS + "vit/plain", JournaledResults.attacks(new ModelResult(model(Proportion.of(1, 2)), List.of(), null,
                    Double.NaN, List.of(), 0)));
        }
        try (RunDirectory run = RunDirectory.open(dir, config, RunDirectory.Mode.RESUME)) {
            BuiltModel recorded = JournaledResults.recordedModel(written.model().id(), "vit", KeyMethod.FULL, TransformKind.SHUFFLE, 1, List.of(KEY),
                    run.result(JournaledResults.MODEL + written.model().id()).orElseThrow());
            assertThat(recorded).usingRecursiveComparison().isEqualTo(written.model());
            ModelResult read = JournaledResults.result(recorded, run.result(JournaledResults.ATTACKS + written.model().id()).orElseThrow());
            assertThat(read).isEqualTo(written);
            assertThat(read.outcomes()).isEqualTo(written.outcomes());
            assertThat(read.keySearch()).isEqualTo(written.keySearch());
            assertThat(Double.doubleToRawLongBits(read.positionsRecovered())).isEqualTo(Double.doubleToRawLongBits(0.1 + 0.7));
            ModelResult empty = JournaledResults.result(recorded, run.result(JournaledResults.ATTACKS + "vit/plain").orElseThrow());
            assertThat(empty.keySearch()).isNull();
            assertThat(empty.positionsRecovered()).isNaN();
        }
        byte[] journal = Files.readAllBytes(dir.resolve(RunDirectory.JOURNAL));
        assertThat(KeyLeaks.foundIn(journal, KEY)).isEmpty();
    }

    @Test
    void aDamagedLineIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
        try (RunDirectory run = RunDirectory.open(dir, Map.of("seed", 0), RunDirectory.Mode.NEW)) {
            run.markDone(JournaledResults.ATTACKS + "vit/plain", Map.of("result", Map.of("outcomes", "not a list")));
            assertThatThrownBy(() -> JournaledResults.result(model(Proportion.of(1, 2)), run.result(JournaledResults.ATTACKS + "vit/plain").orElseThrow()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("attacks/vit/shuffle/full");
        }
    }
}
