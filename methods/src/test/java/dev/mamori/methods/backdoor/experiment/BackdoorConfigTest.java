package dev.mamori.methods.backdoor.experiment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackdoorConfigTest {
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
}
