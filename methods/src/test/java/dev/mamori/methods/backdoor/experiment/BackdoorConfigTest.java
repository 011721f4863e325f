package dev.mamori.methods.backdoor.experiment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackdoorConfigTest {
    /** The default emoji-category epochs (chosen by the probes in README's backdoor section). */
    private static final java.util.Map<String, Integer> EMOJI_EPOCHS = java.util.Map.of("cnn", 10, "resnet", 8);
    private static final java.util.Map<String, Double> EMOJI_LR = java.util.Map.of("cnn", 0.003, "resnet", 0.01);
    private static final int QUICK_EMOJI_EPOCHS = 10;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void presetsValidateAndCoverWhatTheySay() {
        BackdoorConfig d = BackdoorConfig.defaults().validate();
        assertThat(d.datasets).containsExactly("fashion-mnist", "emoji-category");
        assertThat(d.useModels).containsExactly("cnn", "resnet");
        assertThat(d.useAttacks).containsExactly("badnets", "blend", "sig", "wanet", "trojan");
        assertThat(d.defenses).containsExactlyElementsOf(BackdoorConfig.DEFENSES);
        assertThat(d.sampleSizes).containsExactly(10, 50, 100);
        assertThat(d.seeds).isEqualTo(3);
        assertThat(d.sizesFor("ours_known")).containsExactly(10, 50, 100);
        assertThat(d.sizesFor("finetune")).containsExactly(50);
        assertThat(BackdoorConfig.full().validate().sizesFor("anp")).containsExactly(10, 50, 100);
        BackdoorConfig q = BackdoorConfig.quick().validate();
        assertThat(q.seeds).isEqualTo(1);
        assertThat(q.poolSize()).isEqualTo(50);
        assertThat(d.attacks.get("sig").cleanLabel).isTrue();
        assertThat(d.attacks.get("wanet").crossRatio).isEqualTo(2);
    }

    @Test
    void aFileChangesOnlyWhatItNamesAndModelsMerge() throws Exception {
        BackdoorConfig c = JSON.readerForUpdating(BackdoorConfig.defaults()).readValue("""
                {"seeds": 2, "models": {"cnn": {"epochs": 7}}, "attacks": {"badnets": {"mode": "all_to_all"}}}
                """);
        assertThat(c.seeds).isEqualTo(2);
        assertThat(c.models.get("cnn").epochs).isEqualTo(7);
        assertThat(c.models.get("cnn").config).containsEntry("width", 16);
        assertThat(c.models).containsKey("resnet");
        assertThat(c.attacks.get("badnets").poisonSpec().mode().configName()).isEqualTo("all_to_all");
        assertThat(c.validate().attacks.get("blend").blendAlpha).isEqualTo(0.2);
        assertThatThrownBy(() -> JSON.readerForUpdating(BackdoorConfig.defaults()).readValue("{\"seedz\": 2}")).hasMessageContaining("seedz");
    }

    @Test
    void badFieldsAreNamed() {
        BackdoorConfig c = BackdoorConfig.defaults();
        c.defenses = List.of("ours_known", "magic");
        assertThatThrownBy(c::validate).hasMessageContaining("config field 'defenses'").hasMessageContaining("magic");
        c = BackdoorConfig.defaults();
        c.sampleSizes = List.of(2, 50);
        assertThatThrownBy(c::validate).hasMessageContaining("'sampleSizes'");
        c = BackdoorConfig.defaults();
        c.baselineSampleSizes = List.of(20);
        assertThatThrownBy(c::validate).hasMessageContaining("'baselineSampleSizes'");
        c = BackdoorConfig.defaults();
        c.useAttacks = List.of("badnets", "rainbow");
        assertThatThrownBy(c::validate).hasMessageContaining("'useAttacks'").hasMessageContaining("rainbow");
        c = BackdoorConfig.defaults();
        c.attacks.get("blend").crossRatio = 1;
        assertThatThrownBy(c::validate).hasMessageContaining("'attacks.blend.crossRatio'");
        c = BackdoorConfig.defaults();
        c.attacks.get("sig").mode = "all_to_all";
        assertThatThrownBy(c::validate).hasMessageContaining("'attacks.sig.cleanLabel'");
        c = BackdoorConfig.defaults();
        c.useModels = List.of("vgg");
        assertThatThrownBy(c::validate).hasMessageContaining("'useModels'");
    }

    @Test
    void emojiCategoryGetsItsOwnEpochsAndAPatchVisibleOnWhiteByDefault() {
        BackdoorConfig d = BackdoorConfig.defaults().validate();
        for (String m : List.of("cnn", "resnet")) {
            assertThat(d.models.get(m).epochsOn("fashion-mnist")).as(m).isEqualTo(4);
            assertThat(d.models.get(m).epochsOn("emoji-category")).as(m).isEqualTo(EMOJI_EPOCHS.get(m));
            assertThat(d.models.get(m).epochsOn("emoji-category:size=32")).as(m).isEqualTo(EMOJI_EPOCHS.get(m));
            assertThat(d.models.get(m).lrOn("fashion-mnist")).as(m).isEqualTo(0.01);
            assertThat(d.models.get(m).lrOn("emoji-category")).as(m).isEqualTo(EMOJI_LR.get(m));
        }
        BackdoorConfig q = BackdoorConfig.quick().validate();
        assertThat(q.models.get("cnn").epochsOn("fashion-mnist")).isEqualTo(3);
        assertThat(q.models.get("cnn").epochsOn("emoji-category")).isEqualTo(QUICK_EMOJI_EPOCHS);
        for (String a : AttackSpec.TRIGGERS) {
            assertThat(d.attacks.get(a).patchPatternOn("fashion-mnist")).isEqualTo("white");
            assertThat(d.attacks.get(a).patchPatternOn("emoji-category")).isEqualTo("checkerboard");
        }
        // a user's own BadNets entry gets the same per-dataset default
        AttackSpec own = new AttackSpec();
        assertThat(own.patchPatternOn("emoji-category:size=64")).isEqualTo("checkerboard");
    }

    @Test
    void perDatasetSettingsMergeAndAreValidated() throws Exception {
        BackdoorConfig c = JSON.readerForUpdating(BackdoorConfig.defaults()).readValue("""
                {"models": {"cnn": {"epochs": 6, "datasetEpochs": {"mnist": 2}}},
                 "attacks": {"badnets": {"patchPattern": "checkerboard", "datasetPatchPattern": {"emoji-category": "white"}}}}
                """);
        c.validate();
        ModelSpec cnn = c.models.get("cnn");
        assertThat(cnn.epochsOn("fashion-mnist")).isEqualTo(6);
        assertThat(cnn.epochsOn("mnist")).isEqualTo(2);
        assertThat(cnn.lrOn("mnist")).isEqualTo(0.01);
        assertThat(cnn.epochsOn("emoji-category")).as("the default entry is merged, not replaced").isEqualTo(EMOJI_EPOCHS.get("cnn"));
        assertThat(c.attacks.get("badnets").patchPatternOn("emoji-category")).isEqualTo("white");
        assertThat(c.attacks.get("badnets").patchPatternOn("fashion-mnist")).isEqualTo("checkerboard");

        BackdoorConfig bad = BackdoorConfig.defaults();
        bad.models.get("resnet").datasetEpochs.put("emoji-category", 0);
        assertThatThrownBy(bad::validate).hasMessageContaining("'models.resnet.datasetEpochs.emoji-category'");
        bad = BackdoorConfig.defaults();
        bad.models.get("cnn").datasetEpochs.put(" ", 3);
        assertThatThrownBy(bad::validate).hasMessageContaining("'models.cnn.datasetEpochs'");
        bad = BackdoorConfig.defaults();
        bad.models.get("cnn").datasetLr.put("emoji-category", -1.0);
        assertThatThrownBy(bad::validate).hasMessageContaining("'models.cnn.datasetLr.emoji-category'");
        bad = BackdoorConfig.defaults();
        bad.attacks.get("badnets").patchPattern = "rainbow";
        assertThatThrownBy(bad::validate).hasMessageContaining("'attacks.badnets.patchPattern'").hasMessageContaining("rainbow");
        bad = BackdoorConfig.defaults();
        bad.attacks.get("badnets").datasetPatchPattern.put("mnist", "stripes");
        assertThatThrownBy(bad::validate).hasMessageContaining("'attacks.badnets.datasetPatchPattern.mnist'").hasMessageContaining("stripes");
    }
}
