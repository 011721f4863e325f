package dev.mamori.methods.common.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mamori.methods.classification.TrainSpec;
import dev.mamori.methods.keydefense.experiment.KeyDefenseConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every number finite, each {@link Check}, no stray nulls, nested parts by path; the error names field, expected and found. */
class ConfigChecksTest {

    /** A config with one field of each kind. */
    static final class Sample {
        @Check(min = 0, minExclusive = true, expected = "a positive learning rate") public double lr = 0.1;
        @Check(min = 0) public int subset = 0;
        @Check(oneOf = {"sgd", "adamw"}) public String optimizer = "sgd";
        public double unannotated = 1;
        @Check(min = 0, max = 1) public List<Double> budgets = new ArrayList<>(List.of(0.1, 0.2));
        public Map<String, Object> overrides = new LinkedHashMap<>(Map.of("dim", 8));
        public Map<String, Part> parts = new LinkedHashMap<>(Map.of("vit", new Part()));
        @Check(nullable = true) public String optional = null;
        @JsonProperty("renamed") double hidden = 1;
        public static double STATIC = Double.NaN;
    }

    static final class Part {
        @Check(min = 1) public int epochs = 3;
    }

    private static void rejects(Sample s, String field, String expected, String found) {
        assertThatThrownBy(() -> ConfigChecks.check(s)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).isEqualTo("config field '" + field + "': expected " + expected + ", got " + found);
        });
    }

    @Test
    void aValidConfigPasses() {
        assertThat(ConfigChecks.check(new Sample())).isNotNull();
    }

    @Test
    void nonFiniteNumbersAreRefusedWhetherOrNotTheFieldIsAnnotated() {
        Sample s = new Sample();
        s.lr = Double.POSITIVE_INFINITY;
        rejects(s, "lr", "a positive learning rate", "Infinity");
        s = new Sample();
        s.unannotated = Double.NaN;
        rejects(s, "unannotated", "a finite number", "NaN");
        s = new Sample();
        s.hidden = Double.NEGATIVE_INFINITY;
        rejects(s, "renamed", "a finite number", "-Infinity");
        s = new Sample();
        s.overrides.put("mlpRatio", Double.NaN);
        rejects(s, "overrides.mlpRatio", "a finite number", "NaN");
    }

    @Test
    void rangesWordsAndElementsAreChecked() {
        Sample s = new Sample();
        s.subset = -5;
        rejects(s, "subset", "a number >= 0", "-5");
        s = new Sample();
        s.optimizer = "rmsprop";
        rejects(s, "optimizer", "one of sgd, adamw", "'rmsprop'");
        s = new Sample();
        s.budgets = new ArrayList<>(List.of(0.1, 2.0));
        rejects(s, "budgets[1]", "a number in [0, 1]", "2.0");
        s = new Sample();
        s.budgets = new ArrayList<>(Arrays.asList(0.1, null));
        rejects(s, "budgets[1]", "a number in [0, 1]", "null");
        s = new Sample();
        s.parts.get("vit").epochs = 0;
        rejects(s, "parts.vit.epochs", "a number >= 1", "0");
    }

    @Test
    void nullIsAnErrorUnlessTheFieldAllowsIt() {
        Sample s = new Sample();
        s.overrides = null;
        rejects(s, "overrides", "a map of names to values", "null");
        s = new Sample();
        s.optimizer = null;
        rejects(s, "optimizer", "one of sgd, adamw", "null");
        s = new Sample();
        s.overrides.put("dim", null);
        rejects(s, "overrides.dim", "a value", "null");
    }

    @Test
    void theErrorCanBeAttributedToAFileOrAnOption() {
        ConfigException e = new ConfigException(null, "lr", "a positive learning rate", "Infinity");
        assertThat(e.from("exp.yaml").getMessage()).isEqualTo("exp.yaml: config field 'lr': expected a positive learning rate, got Infinity");
        assertThat(e.from("--lr").getMessage()).isEqualTo("--lr: expected a positive learning rate, got Infinity");
    }

    @Test
    void optionsSkipAbsentValuesAndAreNamedByTheLabel() {
        final class Options {
            @Check(min = 1) Integer examples = null;
            @Check(min = 1) int batch = 0;
        }
        assertThatThrownBy(() -> ConfigChecks.check(new Options(), f -> "--" + f.getName(), true))
                .hasMessage("config field '--batch': expected a number >= 1, got 0");
    }

    /** The configs of the project: a dead learning rate, a negative subset and a null model config are named. */
    @Test
    void theProjectsConfigsUseTheChecks() {
        TrainSpec t = new TrainSpec();
        t.weightDecay = Double.NaN;
        assertThatThrownBy(t::validate).hasMessageContaining("'weightDecay'").hasMessageContaining("NaN");
        t = new TrainSpec();
        t.trainSubset = -1;
        assertThatThrownBy(t::validate).hasMessageContaining("'trainSubset'");
        t = new TrainSpec();
        t.modelConfig = null;
        assertThatThrownBy(t::validate).hasMessageContaining("'modelConfig'").hasMessageContaining("got null");
        t = new TrainSpec();
        t.weightDecay = -1;
        assertThatThrownBy(t::validate).hasMessageContaining("'weightDecay'").hasMessageContaining(">= 0");
        KeyDefenseConfig k = KeyDefenseConfig.quick();
        k.backbones.get("vit").lr = Double.POSITIVE_INFINITY;
        assertThatThrownBy(k::validate).isInstanceOf(ConfigException.class).hasMessageContaining("'backbones.vit.lr'");
        k = KeyDefenseConfig.quick();
        k.lrLora = Double.NaN;
        assertThatThrownBy(k::validate).hasMessageContaining("'lrLora'");
    }
}
