package dev.mamori.methods.classification;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mamori.methods.common.config.Check;
import dev.mamori.methods.common.config.ConfigChecks;
import dev.mamori.methods.common.config.ConfigException;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Quickstart} runs, as stored in its run directory (so that {@code mamori quickstart --resume DIR} needs
 * no options): the models' training specs, in order (the first is attacked as the undefended baseline), the training
 * subset, the number of attacked test images and the seed.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class QuickstartConfig {
    /** The models to train, in order, on one dataset. */
    @Check(nonEmpty = true)
    @JsonProperty public List<TrainSpec> models = new ArrayList<>(List.of(Quickstart.convMixerSpec(), Quickstart.vitSpec()));
    /** Training images to use (0 = all 60,000), before each model holds out its validation split. */
    @Check(min = 0, expected = "a number of images >= 0 (0 = all)")
    @JsonProperty public int trainSubset = 0;
    /** Test images on which the first model is attacked (0 = no attacks). */
    @Check(min = 0, expected = "a number of images >= 0 (0 = no attacks)")
    @JsonProperty public int robustnessExamples = 500;
    /** The seed of everything random (each spec's seed follows it). */
    @JsonProperty public long seed = 0;

    /** Copies the shared settings into every spec and checks every field; the error names the field (models[1].lr). */
    public QuickstartConfig validate() {
        for (TrainSpec s : models) {
            if (s == null) continue;
            s.seed = seed;
            s.trainSubset = trainSubset;
        }
        ConfigChecks.check(this);
        for (int i = 0; i < models.size(); i++) {
            try {
                models.get(i).validate();
            } catch (ConfigException e) {
                throw new ConfigException(e.source(), "models[" + i + "]." + e.field(), e.expected(), e.found());
            }
            if (!models.get(i).dataset.equals(models.get(0).dataset)) {
                throw new ConfigException(null, "models[" + i + "].dataset", "the dataset of models[0] ('" + models.get(0).dataset + "')",
                        "'" + models.get(i).dataset + "'");
            }
        }
        return this;
    }

    /** The attacks on the first model. */
    public Quickstart.RobustnessPlan robustnessPlan() {
        if (robustnessExamples <= 0) return Quickstart.RobustnessPlan.none();
        Quickstart.RobustnessPlan s = Quickstart.RobustnessPlan.standard();
        return new Quickstart.RobustnessPlan(robustnessExamples, s.epsilons(), s.attacks(), s.options());
    }
}
