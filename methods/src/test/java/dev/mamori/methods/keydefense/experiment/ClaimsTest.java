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
        return new ModelResult(m, List.of(outcomes), null, Double.NaN, 0);
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
                // the absorbed key: functionally the plain model, transfer works as well as white box
                result(model("vit/shuffle/absorbed", KeyMethod.ABSORBED, 90), outcome("pgd_wrong_key", 90, 10), outcome("transfer_plain", 90, 80)),
                result(model("vit/shuffle/scratch", KeyMethod.SCRATCH, 80), outcome("pgd_wrong_key", 80, 40)),
                result(model("vit/shuffle/full", KeyMethod.FULL, 89), outcome("pgd_wrong_key", 89, 9), outcome("transfer_plain", 89, 20)));
        Claims claims = new Claims(config(), results);

        Claim clean = claims.cleanAccuracy();
        assertThat(clean.verdict()).isEqualTo(Verdict.PARTLY); // scratch is 10 points below
        assertThat(clean.evidence()).contains("2 of 3").contains("vit/shuffle/scratch -10.0");

        Claim nonAdaptive = claims.nonAdaptive();
        assertThat(nonAdaptive.verdict()).isEqualTo(Verdict.PARTLY); // scratch: 50% is more than half of 88.9%; the others pass
        assertThat(nonAdaptive.evidence()).contains("vit/shuffle/full pgd_wrong_key@8/255: 10.1% vs 88.9%.")
                .contains("vit/shuffle/scratch pgd_wrong_key@8/255: 50.0% vs 88.9% (not far less)");

        Claim transfer = claims.transferFromBackbone();
        assertThat(transfer.verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(transfer.evidence()).contains("vit/shuffle/absorbed@8/255: robust 10.0% (success 88.9% vs 88.9%");

        Claim fineTuning = claims.fineTuningBeatsScratch();
        assertThat(fineTuning.verdict()).isEqualTo(Verdict.HOLDS);
        assertThat(fineTuning.evidence()).contains("vit/shuffle/full vs scratch: clean +9.0, robust (pgd_wrong_key 8/255) +40.0");

        assertThat(claims.multiKey().verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(claims.ffxGradientMasking().verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(claims.all()).hasSize(9);
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
        for (String leak : List.of(csv, bits.toString(), hex, "fingerprint " + shuffle.fingerprint())) {
            ExperimentReport r = ExperimentReport.named("t");
            KeyDefenseReport.forbidKeys(r.forbiddenStrings(), m);
            r.paragraph("text " + leak);
            if (leak.startsWith("fingerprint")) {
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
