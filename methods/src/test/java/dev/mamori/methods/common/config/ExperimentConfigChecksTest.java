package dev.mamori.methods.common.config;

import dev.mamori.methods.accesscontrol.experiment.AccessControlConfig;
import dev.mamori.methods.backdoor.experiment.BackdoorConfig;
import dev.mamori.methods.common.ExperimentConfig;
import dev.mamori.methods.common.ExperimentConfig.Preset;
import dev.mamori.methods.diffusion.DiffusionConfig;
import dev.mamori.methods.encryption.experiment.EncryptionConfig;
import dev.mamori.methods.keydefense.experiment.KeyDefenseConfig;
import dev.mamori.methods.llmqa.experiment.LlmQaConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every experiment's config goes through {@link ConfigChecks}: its presets pass, and a non-finite number anywhere in it
 * (nested parts included) is a {@link ConfigException} naming the field's path, where a range check of the config's
 * own would let NaN through ({@code NaN < 0} is false).
 */
class ExperimentConfigChecksTest {

    private static List<ExperimentConfig> presets(Function<Preset, ExperimentConfig> of) {
        List<ExperimentConfig> out = new ArrayList<>();
        for (Preset p : Preset.values()) out.add(of.apply(p));
        return out;
    }

    @Test
    void everyPresetOfEveryExperimentPasses() {
        List<ExperimentConfig> all = new ArrayList<>();
        all.addAll(presets(KeyDefenseConfig::of));
        all.addAll(presets(LlmQaConfig::of));
        all.addAll(presets(BackdoorConfig::of));
        all.add(BackdoorConfig.full());
        all.addAll(presets(EncryptionConfig::of));
        all.addAll(presets(AccessControlConfig::of));
        all.addAll(presets(DiffusionConfig::of));
        for (ExperimentConfig c : all) assertThatCode(c::validate).as(c.getClass().getSimpleName()).doesNotThrowAnyException();
    }

    private static void refuses(ExperimentConfig c, String field, String found) {
        assertThatThrownBy(c::validate).as(field).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.found()).isEqualTo(found);
        });
    }

    @Test
    void aNonFiniteNumberIsRefusedByPathInEveryExperiment() {
        BackdoorConfig backdoor = BackdoorConfig.of(Preset.QUICK);
        backdoor.anpEps = Double.NaN;
        refuses(backdoor, "anpEps", "NaN");
        backdoor = BackdoorConfig.of(Preset.QUICK);
        backdoor.models.get(backdoor.useModels.get(0)).lr = Double.POSITIVE_INFINITY;
        refuses(backdoor, "models." + backdoor.useModels.get(0) + ".lr", "Infinity");

        EncryptionConfig encryption = EncryptionConfig.of(Preset.QUICK);
        encryption.weightDecay = Double.NaN;
        refuses(encryption, "weightDecay", "NaN");

        AccessControlConfig access = AccessControlConfig.of(Preset.QUICK);
        access.attackerFraction = Double.NaN;
        refuses(access, "attackerFraction", "NaN");

        DiffusionConfig diffusion = DiffusionConfig.of(Preset.QUICK);
        diffusion.unet.lr = Double.NEGATIVE_INFINITY;
        refuses(diffusion, "unet.lr", "-Infinity");
        diffusion = DiffusionConfig.of(Preset.QUICK);
        diffusion.evaluation.guidanceScales = new ArrayList<>(List.of(1.0, Double.NaN));
        refuses(diffusion, "evaluation.guidanceScales[1]", "NaN");

        LlmQaConfig llmqa = LlmQaConfig.of(Preset.QUICK);
        llmqa.temperatures = new ArrayList<>(List.of(1.0, Double.NaN));
        refuses(llmqa, "temperatures[1]", "NaN");
    }
}
