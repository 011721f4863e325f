package dev.mamori.methods.keydefense.experiment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.methods.attacks.SanityWarning;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.keydefense.adaptive.AttackOutcome;
import dev.mamori.methods.keydefense.adaptive.KeySearchSummary;

import java.util.List;
import java.util.Map;

/**
 * How a key-defense run journals what it measured, so that a resumed run reads it back instead of measuring again:
 * <ul>
 *   <li>{@code model/<id>}: a model's clean accuracy (right of total test images), the seconds and trainable parameters
 *       its creation took ({@link #model});</li>
 *   <li>{@code attacks/<id>}: every attack outcome on it (counts, budgets, attacker knowledge, seconds, judge rule), the
 *       key search's measurements (never its estimated key), the key positions it recovered, the sanity warnings and the
 *       attacks' seconds ({@link #attacks}).</li>
 * </ul>
 * Numbers are written as JSON numbers in their shortest exact form (NaN as the string "NaN"), so that a result read
 * back equals the one written ({@code JournaledResultsTest}).
 */
final class JournaledResults {
    static final String MODEL = "model/", ATTACKS = "attacks/";
    private static final ObjectMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private JournaledResults() {}

    /** What {@code attacks/<id>} holds: a {@link ModelResult} less its model. */
    private record Attacks(List<AttackOutcome> outcomes, KeySearchSummary keySearch, double positionsRecovered, List<SanityWarning> sanity,
                           double attackSeconds) {}

    /** The journal line of a model's creation. */
    static Map<String, Object> model(Proportion clean, double seconds, long trainableParameters) {
        return Map.of("clean_right", clean.successes(), "clean_total", clean.trials(), "seconds", seconds, "trainable_parameters", trainableParameters);
    }

    /** The journal line of a model's attacks. */
    static Map<String, Object> attacks(ModelResult r) {
        ObjectNode tree = JSON.valueToTree(new Attacks(r.outcomes(), r.keySearch(), r.positionsRecovered(), r.sanity(), r.attackSeconds()));
        return Map.of("result", tree);
    }

    /** A model's clean accuracy as journaled. */
    static Proportion clean(JsonNode model) {
        return Proportion.of(model.path("clean_right").asLong(), model.path("clean_total").asLong());
    }

    /** The seconds a model's creation took, as journaled. */
    static double seconds(JsonNode model) {
        return number(model.path("seconds"));
    }

    /** A model whose attacks a resumed run reads back: what the report shows of it, without its weights (not loaded). */
    static BuiltModel recordedModel(String id, String backbone, KeyMethod method, TransformKind kind, int keyCount, List<SecretKey> keys,
                                    JsonNode model) {
        return new BuiltModel(id, backbone, method, kind, keyCount, null, null, keys, clean(model), model.path("trainable_parameters").asLong(),
                seconds(model));
    }

    /** The result journaled as {@code attacks/<id>}, on {@code model}. */
    static ModelResult result(BuiltModel model, JsonNode attacks) {
        try {
            Attacks a = JSON.treeToValue(attacks.path("result"), Attacks.class);
            return new ModelResult(model, a.outcomes(), a.keySearch(), a.positionsRecovered(), a.sanity(), a.attackSeconds());
        } catch (Exception e) {
            throw new IllegalStateException("the journal's line " + ATTACKS + model.id() + " cannot be read (" + e.getMessage().split("\n")[0]
                    + "); move the journal away to start afresh");
        }
    }

    private static double number(JsonNode n) {
        return n.isTextual() ? Double.parseDouble(n.asText()) : n.asDouble();
    }
}
