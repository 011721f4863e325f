package dev.mamori.methods.keydefense.experiment;

import dev.mamori.eval.metrics.Proportion;
import dev.mamori.eval.report.ExperimentReport;
import dev.mamori.eval.report.ForbiddenContentException;
import dev.mamori.methods.attacks.Norm;
import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.Verdict;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.keydefense.adaptive.AttackOutcome;
import dev.mamori.methods.keydefense.adaptive.AttackerKnowledge;
import dev.mamori.methods.keydefense.adaptive.KeyKnowledge;
import dev.mamori.methods.keydefense.adaptive.WeightAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The claims' verdict rules on hand-made results, and the report's refusal to print key material. */
class ClaimsTest {
    private static final double EPS = 8 / 255.0;
    private static final AttackerKnowledge ANY = AttackerKnowledge.offline(WeightAccess.TARGET, KeyKnowledge.WRONG_GUESS);

    static BuiltModel model(String id, KeyMethod method, int cleanRight) {
        TransformKind kind = method == KeyMethod.PLAIN ? null : TransformKind.SHUFFLE;
        return new BuiltModel(id, "vit", method, kind, method == KeyMethod.PLAIN ? 0 : 1, null, null, List.of(), Proportion.of(cleanRight, 100), 0, 0);
    }

    /** An outcome where {@code broken} of {@code right} correctly classified examples were broken. */
    static AttackOutcome outcome(String attack, long right, long broken) {
        return new AttackOutcome(attack, attack, Norm.LINF, EPS, Proportion.of(right - broken, 100), Proportion.of(broken, right), ANY, 0);
    }

    static ModelResult result(BuiltModel m, AttackOutcome... outcomes) {
        return new ModelResult(m, List.of(outcomes), null, Double.NaN, List.of(), 0);
    }

    static KeyDefenseConfig config() {
        KeyDefenseConfig c = KeyDefenseConfig.defaults();
        c.budgets = List.of(EPS);
        return c;
    }

    @Test
    void verdictsFollowTheStatedRules() {
        List<ModelResult> results = List.of(
                result(model("vit/plain", KeyMethod.PLAIN, 90), outcome("white_box", 90, 80), outcome("pgd_wrong_key", 90, 80)),
                // the absorbed key: functionally the plain model; left out of the clean and transfer claims (by construction)
                result(model("vit/shuffle/absorbed", KeyMethod.ABSORBED, 90), outcome("pgd_wrong_key", 90, 10), outcome("transfer_plain", 90, 80)),
                result(model("vit/shuffle/scratch", KeyMethod.SCRATCH, 60), outcome("pgd_wrong_key", 60, 30)),
                result(model("vit/shuffle/full", KeyMethod.FULL, 89), outcome("pgd_wrong_key", 89, 9), outcome("transfer_plain", 89, 20)));
        Claims claims = new Claims(config(), results);

        Claim clean = claims.cleanAccuracy();
        assertThat(clean.verdict()).isEqualTo(Verdict.PARTLY); // scratch is 30 points below; absorbed not counted
        assertThat(clean.evidence()).contains("1 of 2").contains("vit/shuffle/scratch -30.0").contains("Absorbed models are left out");

        Claim nonAdaptive = claims.nonAdaptive();
        // absorbed: 11.1% [6.1, 19.3] vs 88.9% [80.7, 93.9]: upper 19.3 < half of 80.7; full: 10.1% passes; scratch 50% does not
        assertThat(nonAdaptive.verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(nonAdaptive.evidence()).contains("vit/shuffle/full pgd_wrong_key@8/255: 10.1% [")
                .contains("vit/shuffle/scratch pgd_wrong_key@8/255: 50.0% [").contains("(not clearly at most half)");

        Claim transfer = claims.transferFromBackbone();
        // only the fine-tuned model counts: 22.5% [15.0, 32.2] vs 88.9%: 32.2 < 40.4
        assertThat(transfer.verdict()).isEqualTo(Verdict.HOLDS);
        assertThat(transfer.evidence()).contains("vit/shuffle/full transfer_plain@8/255").contains("absorbed models").contains("vit/shuffle/absorbed robust 10.0%");

        Claim fineTuning = claims.fineTuningBeatsScratch();
        assertThat(fineTuning.verdict()).isEqualTo(Verdict.HOLDS); // 89% vs 60% clean, 80% vs 30% robust: clearly apart
        assertThat(fineTuning.evidence()).contains("vit/shuffle/full vs scratch: clean 89.0% [");

        assertThat(claims.multiKey().verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(claims.randomizationWithKnownKeys().verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(claims.all()).hasSize(8);
    }

    @Test
    void anOverlapIsNotADifference() {
        List<ModelResult> results = List.of(
                result(model("vit/plain", KeyMethod.PLAIN, 20), outcome("white_box", 20, 18), outcome("pgd_wrong_key", 20, 18)),
                result(model("vit/shuffle/full", KeyMethod.FULL, 20), outcome("pgd_wrong_key", 20, 5)));
        Claim c = new Claims(config(), results).nonAdaptive();
        // 25% [11.2, 46.9] vs 90% [69.9, 97.2]: the point estimates pass (25% <= 45%) but 46.9 is not below 35.0
        assertThat(c.verdict()).isEqualTo(Verdict.DOES_NOT_HOLD);
        assertThat(c.evidence()).contains("(not clearly at most half)");
    }

    @Test
    void aWeakBaselineIsNotCountedAndNothingMissingPasses() {
        // the plain model resists: PGD breaks only 20 of 90; no comparison with it counts
        List<ModelResult> weak = List.of(
                result(model("vit/plain", KeyMethod.PLAIN, 90), outcome("white_box", 90, 20), outcome("pgd_wrong_key", 90, 20)),
                result(model("vit/shuffle/full", KeyMethod.FULL, 89), outcome("pgd_wrong_key", 89, 0)));
        Claim c = new Claims(config(), weak).nonAdaptive();
        assertThat(c.verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(c.evidence()).contains("Not counted, the baseline's success rate is below the floor of 50.0%").contains("vit/shuffle/full pgd_wrong_key@8/255");

        // the keyed model's measurement is missing: listed, never a pass
        List<ModelResult> missing = List.of(
                result(model("vit/plain", KeyMethod.PLAIN, 90), outcome("white_box", 90, 80), outcome("pgd_wrong_key", 90, 80)),
                result(model("vit/shuffle/full", KeyMethod.FULL, 89)),
                result(model("vit/shuffle/scratch", KeyMethod.SCRATCH, 50)));
        Claims claims = new Claims(config(), missing);
        assertThat(claims.nonAdaptive().verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(claims.nonAdaptive().evidence()).contains("Not measured: vit/shuffle/full pgd_wrong_key@8/255");
        assertThat(claims.fineTuningBeatsScratch().verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(claims.fineTuningBeatsScratch().evidence()).contains("Not measured (pgd_wrong_key missing): vit/shuffle/full");
    }

    @Test
    void aRandomizedModelIsJudgedByWhatASingleQuerySees() {
        // all keys fooled on 10 of 90 (the all-keys rule), but a single query is fooled on 60% of the correctly classified examples
        AttackOutcome randomized = new AttackOutcome("eot_own_keys", "x", Norm.LINF, EPS, Proportion.of(80, 100), Proportion.of(10, 90), ANY, 0,
                0.36, "broken only when all 3 realizations (keys) are fooled");
        assertThat(Claims.perDrawSuccess(randomized).value()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(0.006));
        BuiltModel mk = new BuiltModel("vit/shuffle/multi_key_N3", "vit", KeyMethod.MULTI_KEY, TransformKind.SHUFFLE, 3, null, null, List.of(),
                Proportion.of(90, 100), 0, 0);
        List<ModelResult> results = List.of(
                result(model("vit/plain", KeyMethod.PLAIN, 90), outcome("white_box", 90, 80)),
                new ModelResult(mk, List.of(randomized), null, Double.NaN, List.of(), 0));
        Claim c = new Claims(config(), results).randomizationWithKnownKeys();
        // 11% under the all-keys rule would pass (far below half of 88.9%); per query 60% does not
        assertThat(c.verdict()).isEqualTo(Verdict.DOES_NOT_HOLD);
        assertThat(results.get(1).worstWithoutKey(EPS)).isEmpty(); // eot_own_keys holds the keys
    }

    @Test
    void verdictCountsCases() {
        assertThat(Verdict.of(0, 0)).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(Verdict.of(3, 3)).isEqualTo(Verdict.HOLDS);
        assertThat(Verdict.of(0, 3)).isEqualTo(Verdict.DOES_NOT_HOLD);
        assertThat(Verdict.of(1, 3)).isEqualTo(Verdict.PARTLY);
    }

    @Test
    void theReportRefusesKeyMaterial(@TempDir Path dir) {
        SecretKey shuffle = SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, 1);
        SecretKey ffx = SecretKey.fromSeed(TransformKind.FFX, 4, 1, 2);
        BuiltModel m = new BuiltModel("vit/shuffle/full", "vit", KeyMethod.FULL, TransformKind.SHUFFLE, 2, null, null, List.of(shuffle, ffx),
                Proportion.of(1, 2), 0, 0);
        String csv = Arrays.stream(shuffle.permutation()).mapToObj(String::valueOf).collect(Collectors.joining(","));
        StringBuilder bits = new StringBuilder();
        for (boolean b : ffx.mask()) bits.append(b ? '1' : '0');
        String hex = java.util.HexFormat.of().withUpperCase().formatHex(ffx.aesKey());
        for (String leak : List.of(csv, bits.toString(), hex, "id " + shuffle.id())) {
            ExperimentReport r = ExperimentReport.named("t");
            KeyDefenseReport.forbidKeys(r.forbiddenStrings(), m);
            r.paragraph("text " + leak);
            if (leak.startsWith("id ")) {
                assertThat(r).satisfies(x -> x.writeTo(dir.resolve("ok")));
            } else {
                Path out = dir.resolve("leak" + leak.length());
                assertThatThrownBy(() -> r.writeTo(out)).isInstanceOf(ForbiddenContentException.class);
                assertThat(Files.exists(out.resolve("report.md"))).isFalse();
            }
        }
    }

    @Test
    void worstCaseIgnoresAttacksThatHoldTheKey() {
        ModelResult r = result(model("vit/shuffle/full", KeyMethod.FULL, 90), outcome("white_box", 90, 90), outcome("pgd_wrong_key", 90, 10),
                outcome("square", 90, 30));
        assertThat(r.worstWithoutKey(EPS).orElseThrow().attack()).isEqualTo("square");
        ModelResult plain = result(model("vit/plain", KeyMethod.PLAIN, 90), outcome("white_box", 90, 90), outcome("square", 90, 30));
        assertThat(plain.worstWithoutKey(EPS).orElseThrow().attack()).isEqualTo("white_box");
        assertThat(r.outcome("square", EPS)).isPresent();
        assertThat(r.outcome("square", 0.1)).isEmpty();
        assertThat(new ArrayList<>(r.outcomes())).hasSize(3);
    }
}
