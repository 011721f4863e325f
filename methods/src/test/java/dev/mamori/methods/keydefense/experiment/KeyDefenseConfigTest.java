package dev.mamori.methods.keydefense.experiment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.mamori.methods.crypto.TransformKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The experiment's configuration: defaults, the quick preset, merging a config file, and errors that name the field. */
class KeyDefenseConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void defaultsAndQuickAreValid() {
        KeyDefenseConfig d = KeyDefenseConfig.defaults().validate();
        assertThat(d.kinds()).containsExactly(TransformKind.SHUFFLE, TransformKind.NEGATIVE_POSITIVE, TransformKind.FFX);
        assertThat(d.keyMethods()).containsExactly(KeyMethod.SCRATCH, KeyMethod.ABSORBED, KeyMethod.EMBEDDING_AND_HEAD, KeyMethod.LORA,
                KeyMethod.FULL, KeyMethod.MULTI_KEY);
        assertThat(d.keyCounts).containsExactly(1, 3, 5);
        assertThat(d.budgets).containsExactly(8 / 255.0, 0.1);
        assertThat(d.attacks).containsExactlyElementsOf(KeyDefenseConfig.ATTACKS);
        // the reference budgets by default; --quick is a smoke run that says so
        assertThat(d.pgdSteps).isEqualTo(50);
        assertThat(d.pgdStepSize(8 / 255.0)).isEqualTo(2 / 255.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(d.apgdSteps).isEqualTo(100);
        assertThat(d.squareQueries).isEqualTo(5000);
        assertThat(d.cwSearchSteps).isGreaterThan(1);
        assertThat(d.cwKappa).isPositive();
        assertThat(d.autoAttackSteps).isEqualTo(100);
        assertThat(d.autoAttackFabSteps).isEqualTo(100);
        assertThat(d.autoAttackSquareQueries).isEqualTo(5000);
        assertThat(d.reproducibleKeys).isFalse();
        assertThat(d.ffx()).isEqualTo(dev.mamori.methods.crypto.blockwise.FfxVariant.PUBLISHED);
        assertThat(d.quick).isFalse();
        KeyDefenseConfig q = KeyDefenseConfig.quick().validate();
        assertThat(q.quick).isTrue();
        assertThat(q.pgdSteps).isLessThan(d.pgdSteps);
        assertThat(q.kinds()).containsExactly(TransformKind.SHUFFLE, TransformKind.FFX);
        assertThat(q.attackExamples).isLessThan(d.attackExamples);
        assertThat(q.trainSubset).isLessThan(d.trainSubset);
        assertThat(q.maxKeyCount()).isEqualTo(3);
    }

    @Test
    void aConfigFileChangesOnlyWhatItNames() throws Exception {
        KeyDefenseConfig c = JSON.readerForUpdating(KeyDefenseConfig.defaults())
                .readValue("{\"keyKinds\":[\"ffx\"],\"backbones\":{\"vit\":{\"epochs\":7,\"config\":{\"depth\":5}}}}");
        assertThat(c.keyKinds).containsExactly("ffx");
        BackboneConfig vit = c.backbones.get("vit");
        assertThat(vit.epochs).isEqualTo(7);
        assertThat(vit.config).containsEntry("depth", 5).containsEntry("embedDim", 48).containsEntry("patchSize", 4);
        assertThat(vit.lr).isEqualTo(BackboneConfig.defaultVit().lr);
        assertThat(c.backbones).containsKey("convmixer");
        assertThatThrownBy(() -> JSON.readerForUpdating(KeyDefenseConfig.defaults()).readValue("{\"attackExampels\":3}"))
                .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("attackExampels");
    }

    static void rejects(Consumer<KeyDefenseConfig> edit, String... messageParts) {
        KeyDefenseConfig c = KeyDefenseConfig.defaults();
        edit.accept(c);
        var assertion = assertThatThrownBy(c::validate).isInstanceOf(IllegalArgumentException.class);
        for (String part : messageParts) assertion.hasMessageContaining(part);
    }

    @Test
    void errorsNameTheFieldAndWhatWasExpected() {
        rejects(c -> c.attacks = List.of("pgd"), "config field 'attacks'", "pgd_wrong_key");
        rejects(c -> c.keyKinds = List.of("rot13"), "config field 'keyKinds'", "rot13", "shuffle, negative_positive, ffx");
        rejects(c -> c.methods = List.of("plain"), "config field 'methods'", "always included");
        rejects(c -> c.methods = List.of("distill"), "config field 'methods'", "distill");
        rejects(c -> c.adaptiveExamples = c.attackExamples + 1, "config field 'adaptiveExamples'", "attackExamples");
        rejects(c -> c.attackExamples = c.testSubset + 1, "config field 'attackExamples'");
        rejects(c -> c.useBackbones = List.of("resnet"), "config field 'useBackbones'", "resnet");
        rejects(c -> c.backbones.get("vit").epochs = 0, "config field 'backbones.vit.epochs'");
        rejects(c -> c.budgets = List.of(0.0), "config field 'budgets'");
        rejects(c -> c.keyCounts = List.of(0), "config field 'keyCounts'");
        rejects(c -> c.lrLora = -1, "config field 'lrLora'");
        rejects(c -> c.hillClimbSwaps = -1, "config field 'hillClimbSwaps'");
        rejects(c -> c.ffxVariant = "rounded", "config field 'ffxVariant'", "published or masked_rounded");
        rejects(c -> c.blackBoxExamples = c.attackExamples + 1, "config field 'blackBoxExamples'");
        rejects(c -> c.pgdStepFraction = 0, "config field 'pgdStepFraction'");
        rejects(c -> c.baselineSuccessFloor = 1, "config field 'baselineSuccessFloor'");
    }
}
