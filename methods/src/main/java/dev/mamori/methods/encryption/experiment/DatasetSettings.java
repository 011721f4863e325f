package dev.mamori.methods.encryption.experiment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mamori.methods.common.ExperimentConfig;

/** How much of one dataset the encryption experiment uses and how long its classifiers train. */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class DatasetSettings {
    /** Training images (0 = the whole split); a seeded subset, the same for every training seed. */
    @JsonProperty public int trainSubset = 0;
    /** Test images for accuracy (0 = the whole split). */
    @JsonProperty public int testSubset = 0;
    /** Epochs of every classifier on this dataset. */
    @JsonProperty public int epochs = 8;

    public DatasetSettings() {}

    static DatasetSettings of(int trainSubset, int testSubset, int epochs) {
        DatasetSettings d = new DatasetSettings();
        d.trainSubset = trainSubset;
        d.testSubset = testSubset;
        d.epochs = epochs;
        return d;
    }

    void validate(String name) {
        if (trainSubset < 0) throw ExperimentConfig.invalid("datasetSettings." + name + ".trainSubset", "a number >= 0 (0 = all)");
        if (testSubset < 0) throw ExperimentConfig.invalid("datasetSettings." + name + ".testSubset", "a number >= 0 (0 = all)");
        if (epochs < 1) throw ExperimentConfig.invalid("datasetSettings." + name + ".epochs", "a positive number of epochs");
    }
}
