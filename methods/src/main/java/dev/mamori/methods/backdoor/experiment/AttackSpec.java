package dev.mamori.methods.backdoor.experiment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonMerge;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mamori.methods.backdoor.poisoning.PoisonSpec;
import dev.mamori.methods.backdoor.poisoning.TargetMode;
import dev.mamori.methods.common.ExperimentConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backdoor attack of the experiment: the trigger with its parameters and the poisoning (BackdoorBench's defaults
 * unless said otherwise). Fields that do not concern the trigger kind are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class AttackSpec {
    public static final List<String> TRIGGERS = List.of("badnets", "blend", "sig", "wanet", "trojan");
    /** BadNets' patch patterns. */
    public static final List<String> PATCH_PATTERNS = List.of("white", "checkerboard");

    /** badnets, blend, sig, wanet or trojan. */
    @JsonProperty public String trigger = "badnets";
    /** Fraction of the training set that carries the trigger. */
    @JsonProperty public double ratio = 0.1;
    /** all_to_one or all_to_all. */
    @JsonProperty public String mode = "all_to_one";
    /** The all-to-one target class. */
    @JsonProperty public int target = 0;
    /** Clean-label poisoning (only target-class images carry the trigger and keep their label). */
    @JsonProperty public boolean cleanLabel = false;
    /** Noise-mode images per poisoned image (WaNet). */
    @JsonProperty public double crossRatio = 0;
    /** BadNets: side of the square (bottom-right corner). */
    @JsonProperty public int patchSize = 3;
    /**
     * BadNets: the square's pattern on datasets that {@link #datasetPatchPattern} does not name, one of
     * {@link #PATCH_PATTERNS}: {@code white} (BackdoorBench's, Gu et al.) or {@code checkerboard} (black and white,
     * Turner et al. 2019; {@code PatchTrigger.checkerboard}).
     */
    @JsonProperty public String patchPattern = "white";
    /**
     * BadNets' pattern on named datasets (see {@link PerDataset} for how names match): by default the checkerboard on
     * emoji-category, whose emoji are drawn on white, where the white square leaves 72% of the images unchanged.
     */
    @JsonMerge @JsonProperty public Map<String, String> datasetPatchPattern = new LinkedHashMap<>(Map.of("emoji-category", "checkerboard"));
    /** Blend: alpha. */
    @JsonProperty public double blendAlpha = 0.2;
    /** SIG: amplitude on the 0-255 scale, and periods across the width. */
    @JsonProperty public double sigDelta = 20;
    @JsonProperty public double sigFrequency = 6;
    /** WaNet: control grid k, strength s, grid rescale. */
    @JsonProperty public int wanetK = 4;
    @JsonProperty public double wanetStrength = 0.5;
    @JsonProperty public double wanetGridRescale = 1;
    /** Trojan: square side, optimization steps, units driven, clean epochs before the patch is optimized. */
    @JsonProperty public int trojanSize = 5;
    @JsonProperty public int trojanSteps = 40;
    @JsonProperty public int trojanUnits = 2;
    @JsonProperty public int trojanCleanEpochs = 1;

    public AttackSpec() {}

    /** The default of each trigger kind. */
    public static AttackSpec of(String trigger) {
        AttackSpec a = new AttackSpec();
        a.trigger = trigger;
        switch (trigger) {
            case "sig" -> {
                a.cleanLabel = true;
                a.ratio = 0.05;
            }
            case "wanet" -> {
                a.crossRatio = 2;
                a.wanetStrength = 1.0;
            }
            default -> { }
        }
        return a;
    }

    /** BadNets' patch pattern on {@code dataset}. */
    public String patchPatternOn(String dataset) {
        return PerDataset.lookup(datasetPatchPattern, dataset, patchPattern);
    }

    public PoisonSpec poisonSpec() {
        return new PoisonSpec(ratio, TargetMode.fromConfigName(mode), target, cleanLabel, crossRatio);
    }

    void validate(String name) {
        String f = "attacks." + name + ".";
        if (!TRIGGERS.contains(trigger)) throw ExperimentConfig.invalid(f + "trigger", "one of " + TRIGGERS);
        if (!(ratio > 0 && ratio < 1)) throw ExperimentConfig.invalid(f + "ratio", "a fraction in (0, 1)");
        if (!mode.equals("all_to_one") && !mode.equals("all_to_all")) throw ExperimentConfig.invalid(f + "mode", "all_to_one or all_to_all");
        if (target < 0) throw ExperimentConfig.invalid(f + "target", "a class index >= 0");
        if (cleanLabel && !mode.equals("all_to_one")) throw ExperimentConfig.invalid(f + "cleanLabel", "false for all_to_all");
        if (!(crossRatio >= 0)) throw ExperimentConfig.invalid(f + "crossRatio", "a value >= 0");
        if (crossRatio > 0 && !trigger.equals("wanet")) throw ExperimentConfig.invalid(f + "crossRatio", "0: only WaNet has a noise mode");
        if (patchSize < 1) throw ExperimentConfig.invalid(f + "patchSize", "a positive size");
        if (!PATCH_PATTERNS.contains(patchPattern)) throw ExperimentConfig.invalid(f + "patchPattern", "one of " + PATCH_PATTERNS + "; '" + patchPattern + "' is not");
        PerDataset.check(datasetPatchPattern, f + "datasetPatchPattern", PATCH_PATTERNS::contains, "one of " + PATCH_PATTERNS);
        if (!(blendAlpha > 0 && blendAlpha < 1)) throw ExperimentConfig.invalid(f + "blendAlpha", "a value in (0, 1)");
        if (!(sigDelta > 0 && sigDelta <= 255)) throw ExperimentConfig.invalid(f + "sigDelta", "a value in (0, 255]");
        if (!(sigFrequency > 0)) throw ExperimentConfig.invalid(f + "sigFrequency", "a positive value");
        if (wanetK < 2) throw ExperimentConfig.invalid(f + "wanetK", "at least 2");
        if (!(wanetStrength > 0)) throw ExperimentConfig.invalid(f + "wanetStrength", "a positive value");
        if (!(wanetGridRescale > 0)) throw ExperimentConfig.invalid(f + "wanetGridRescale", "a positive value");
        if (trojanSize < 1 || trojanSteps < 1 || trojanUnits < 1 || trojanCleanEpochs < 0) {
            throw ExperimentConfig.invalid(f + "trojan*", "trojanSize, trojanSteps, trojanUnits >= 1 and trojanCleanEpochs >= 0");
        }
    }
}
