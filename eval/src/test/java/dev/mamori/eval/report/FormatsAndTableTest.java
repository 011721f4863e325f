package dev.mamori.eval.report;

import dev.mamori.eval.metrics.Proportion;
import dev.mamori.eval.metrics.Summary;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FormatsAndTableTest {

    @Test
    void numbersGetFourSignificantDigits() {
        assertThat(Formats.number(0.94326133)).isEqualTo("0.9433");
        assertThat(Formats.number(20.352802)).isEqualTo("20.35");
        assertThat(Formats.number(1234.56)).isEqualTo("1235");
        assertThat(Formats.number(8 / 255.0)).isEqualTo("0.03137");
        assertThat(Formats.number(0.5)).isEqualTo("0.5");
        assertThat(Formats.number(3.0)).isEqualTo("3");
        assertThat(Formats.number(0.1f)).isEqualTo("0.1");
        assertThat(Formats.number(2.5e-5)).isEqualTo("2.500e-05");
        assertThat(Formats.number(-1.5e7)).isEqualTo("-1.500e+07");
        assertThat(Formats.number(0)).isEqualTo("0");
        assertThat(Formats.number(Double.NaN)).isEqualTo("n/a");
        assertThat(Formats.number(Double.POSITIVE_INFINITY)).isEqualTo("inf");
    }

    @Test
    void valuesByKind() {
        assertThat(Formats.value(Proportion.of(1, 3))).isEqualTo("33.33% (1/3)");
        assertThat(Formats.value(Proportion.of(0, 0))).isEqualTo("n/a (0 examples)");
        assertThat(Formats.value(Summary.of(1, 2, 3))).isEqualTo("2 ± 1");
        assertThat(Formats.value(Summary.of(1.5))).isEqualTo("1.5 (n=1)");
        assertThat(Formats.value(42L)).isEqualTo("42");
        assertThat(Formats.value(null)).isEmpty();
        assertThat(Formats.confidenceLevel(0.95)).isEqualTo("95%");
        assertThat(Formats.confidenceLevel(0.999)).isEqualTo("99.9%");
    }

    @Test
    void intervalColumnsFollowTheirValueColumn() {
        Table t = Table.of("T", "name", "acc", "n").confidence(0.9)
                .row("a", Proportion.of(8, 10), 10)
                .row("b", null, 3);
        assertThat(t.displayHeader()).containsExactly("name", "acc", "acc 90% CI", "n");
        assertThat(t.displayRows().get(0)).containsExactly("a", "80.00% (8/10)", "[54.08%, 93.14%]", "10");
        assertThat(t.displayRows().get(1)).containsExactly("b", "", "", "3");
        assertThat(t.displayNumeric()).containsExactly(false, true, true, true);
        assertThat(t.showIntervals(false).displayHeader()).containsExactly("name", "acc", "n");
    }

    @Test
    void tablesRejectWrongRowsAndUnknownTypes() {
        Table t = Table.of("T", "a", "b");
        assertThatThrownBy(() -> t.row("only one")).hasMessageContaining("row 0 has 1 cells, expected 2 [a, b]");
        assertThatThrownBy(() -> t.row("x", List.of(1)))
                .hasMessageContaining("table 'T' row 0 column 'b': unsupported value of type");
        assertThatThrownBy(() -> Table.of("T")).hasMessageContaining("at least one column");
        assertThatThrownBy(() -> ExperimentReport.named("r").metric("m", new Object()))
                .hasMessageContaining("metric 'm': unsupported value");
    }
}
