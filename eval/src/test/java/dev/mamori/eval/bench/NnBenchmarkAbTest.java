package dev.mamori.eval.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The paired kernels-on/off A/B: all three quantities, ordered quartiles, positive ratios, and the switch restored after. */
class NnBenchmarkAbTest {
    @Test
    void pairedAbReportsTheThreeQuantitiesAndRestoresTheSwitch() {
        String before = System.getProperty("mamori.kernels.off");
        System.setProperty("mamori.kernels.off", "attention");
        try {
            List<NnBenchmark.PairedRatio> r = new NnBenchmark(new SuiteProtocol(2, 0, 1)).pairedAb("convmixer", "conv_input_grad", 3);
            assertThat(r).extracting(NnBenchmark.PairedRatio::quantity).containsExactly("train_step", "infer", "input_grad");
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

    @Test
    void detectorPairedAbReportsTrainStepAndInference() {
        List<NnBenchmark.PairedRatio> r = new DetectorBenchmark(2, 0, 1).pairedAb("upsample", 2);
        assertThat(r).extracting(NnBenchmark.PairedRatio::quantity).containsExactly("train_step", "infer");
        assertThat(r).allSatisfy(p -> assertThat(p.lowerQuartile()).isPositive().isLessThanOrEqualTo(p.upperQuartile()));
        assertThat(System.getProperty("mamori.kernels.off")).isNull();
    }
}
