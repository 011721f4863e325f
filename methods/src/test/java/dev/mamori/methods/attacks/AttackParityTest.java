package dev.mamori.methods.attacks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mamori.models.Classifier;
import dev.mamori.models.FixtureModels;
import dev.mamori.nn.io.OracleFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks against the PyTorch (torchattacks-style) fixtures of kind "attack" in the oracle directory
 * (MAMORI_ORACLE_DIR). Each fixture names its attack, budget and model fixture; the comparison follows the rule in
 * its JSON "compare" field.
 */
class AttackParityTest {
    /** e.g. "require >= 99% of elements within 1e-4 and identical adv_pred on >= 7 of 8". */
    private static final Pattern RULE = Pattern.compile(
            ">=\\s*([0-9.]+)%\\s*of elements within\\s*([0-9.eE+-]+).*identical adv_pred on\\s*>=\\s*(\\d+)\\s*of\\s*(\\d+)");

    static List<String> attackFixtures() {
        return OracleFixture.namesOfKind("attack");
    }

    @Test
    void theAttackFixturesArePresent() {
        assertThat(attackFixtures()).as("fixtures of kind 'attack' in " + OracleFixture.oracleDirectory()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attackFixtures")
    void matchesTheFixture(String name) {
        OracleFixture f = OracleFixture.load(name);
        JsonNode c = f.config();
        Classifier model = FixtureModels.load(c.get("model_fixture").asText());
        INDArray input = f.tensor("input").castTo(DataType.FLOAT);
        int[] labels = f.tensor("labels").castTo(DataType.INT64).toIntVector();
        String loss = c.path("loss").asText("cross_entropy (untargeted)");
        assertThat(loss).as(name + ": loss").startsWith("cross_entropy").contains("untargeted");
        Attack<?> attack = build(name, c, model);

        AttackResult r = attack.run(input, labels);

        Matcher rule = RULE.matcher(c.get("compare").asText());
        assertThat(rule.find()).as(name + ": unrecognised compare rule '" + c.get("compare").asText() + "'").isTrue();
        double fraction = Double.parseDouble(rule.group(1)) / 100;
        double tolerance = Double.parseDouble(rule.group(2));
        int predsNeeded = Integer.parseInt(rule.group(3));
        assertThat(Integer.parseInt(rule.group(4))).as(name + ": examples in the rule").isEqualTo(labels.length);

        float[] got = AttackedModel.floats(r.adversarial());
        float[] want = AttackedModel.floats(f.tensor("adversarial"));
        assertThat(got).hasSameSizeAs(want);
        int within = 0;
        double worst = 0;
        for (int i = 0; i < got.length; i++) {
            double diff = Math.abs((double) got[i] - want[i]);
            worst = Math.max(worst, diff);
            if (diff <= tolerance) within++;
        }
        double share = (double) within / got.length;
        System.out.printf("%s: %.4f%% of elements within %.0e (worst %.3g)%n", name, 100 * share, tolerance, worst);
        assertThat(share).as(name + ": share of elements within " + tolerance + " (worst difference " + worst + ")")
                .isGreaterThanOrEqualTo(fraction);

        int[] wantPred = f.tensor("adv_pred").castTo(DataType.INT64).toIntVector();
        int same = 0;
        for (int i = 0; i < wantPred.length; i++) if (wantPred[i] == r.adversarialPredictions()[i]) same++;
        assertThat(same).as(name + ": identical adversarial predictions").isGreaterThanOrEqualTo(predsNeeded);

        // the budget holds exactly and pixels stay in the clamp range
        double eps = c.get("eps").asDouble();
        Norm norm = attack.norm();
        float[] clean = AttackedModel.floats(input);
        int d = got.length / labels.length;
        for (int i = 0; i < labels.length; i++) assertThat(norm.of(got, clean, i, d)).isLessThanOrEqualTo(eps);
        double lo = c.get("clamp").get(0).asDouble(), hi = c.get("clamp").get(1).asDouble();
        for (float v : got) assertThat((double) v).isBetween(lo, hi);
    }

    /** The attack a fixture describes, with torchattacks' semantics (fixed steps, no early stop). */
    private static Attack<?> build(String name, JsonNode c, Classifier model) {
        String kind = c.get("attack").asText();
        double eps = c.get("eps").asDouble();
        return switch (kind) {
            case "fgsm" -> new Fgsm(model, eps).earlyStop(false);
            case "pgd_linf", "pgd_l2" -> (kind.equals("pgd_linf") ? Pgd.linf(model, eps) : Pgd.l2(model, eps))
                    .alpha(c.get("alpha").asDouble())
                    .steps(c.get("steps").asInt())
                    .randomStart(c.path("random_start").asBoolean(true))
                    .earlyStop(false);
            default -> throw new AssertionError(name + ": no attack '" + kind + "' in the parity test; add it");
        };
    }
}
