package dev.mamori.eval.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The paired kernels-on/off A/B: both quantities, ordered quartiles, positive ratios, and the switch restored after. */
class NnBenchmarkAbTest {
    @Test
    void pairedAbReportsBothQuantitiesAndRestoresTheSwitch() {
        String before = System.getProperty("mamori.kernels.off");
        System.setProperty("mamori.kernels.off", "attention");
        try {
            List<NnBenchmark.PairedRatio> r = new NnBenchmark(new SuiteProtocol(2, 0, 1)).pairedAb("convmixer", "conv_input_grad", 3);
            assertThat(r).extracting(NnBenchmark.PairedRatio::quantity).containsExactly("infer", "input_grad");
            for (NnBenchmark.PairedRatio p : r) {
                assertThat(p.pairs()).isEqualTo(3);
                assertThat(p.lowerQuartile()).isPositive().isLessThanOrEqualTo(p.median());
                assertThat(p.median()).isLessThanOrEqualTo(p.upperQuartile());
                assertThat(p.cpuLowerQuartile()).isLessThanOrEqualTo(p.cpuMedian());
                assertThat(p.cpuMedian()).isLessThanOrEqualTo(p.cpuUpperQuartile());
            }
            assertThat(System.getProperty("mamori.kernels.off")).isEqualTo("attention");
        } finally {
            if (before == null) System.clearProperty("mamori.kernels.off");
            else System.setProperty("mamori.kernels.off", before);
        }
    }
}
