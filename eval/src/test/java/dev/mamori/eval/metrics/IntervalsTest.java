package dev.mamori.eval.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class IntervalsTest {

    @Test
    void wilsonMatchesPublishedValues() {
        // statsmodels proportion_confint(8, 10, method="wilson") = (0.4902, 0.9433)
        Interval i = Proportion.of(8, 10).wilson();
        assertThat(i.lower()).isCloseTo(0.49016, within(1e-5));
        assertThat(i.upper()).isCloseTo(0.94332, within(1e-5));
        assertThat(i.confidence()).isEqualTo(0.95);
        Interval half = WilsonInterval.of(50, 100);
        assertThat(half.lower()).isCloseTo(0.40383, within(1e-5));
        assertThat(half.upper()).isCloseTo(0.59617, within(1e-5));
    }

    @Test
    void wilsonAtTheEndsStaysInsideZeroOne() {
        assertThat(WilsonInterval.of(0, 10).lower()).isZero();
        assertThat(WilsonInterval.of(0, 10).upper()).isCloseTo(0.27753, within(1e-5));
        assertThat(WilsonInterval.of(10, 10).upper()).isEqualTo(1.0);
        assertThat(WilsonInterval.of(10, 10).lower()).isCloseTo(0.72247, within(1e-5));
    }

    @Test
    void higherConfidenceWidensTheInterval() {
        Interval i90 = WilsonInterval.of(8, 10, 0.90);
        Interval i99 = WilsonInterval.of(8, 10, 0.99);
        assertThat(i99.width()).isGreaterThan(WilsonInterval.of(8, 10).width()).isGreaterThan(i90.width());
        assertThat(Confidence.zScore(0.95)).isCloseTo(1.959964, within(1e-6));
    }

    @Test
    void wilsonRejectsImpossibleCounts() {
        assertThatThrownBy(() -> WilsonInterval.of(0, 0)).hasMessageContaining("at least one trial");
        assertThatThrownBy(() -> WilsonInterval.of(11, 10)).hasMessageContaining("successes must be in [0, trials=10]");
        assertThatThrownBy(() -> WilsonInterval.of(1, 10, 1.5)).hasMessageContaining("strictly between 0 and 1");
        assertThatThrownBy(() -> Proportion.of(-1, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void summaryGivesSampleStandardDeviation() {
        Summary s = Summary.of(2, 4, 4, 4, 5, 5, 7, 9);
        assertThat(s.count()).isEqualTo(8);
        assertThat(s.mean()).isEqualTo(5.0);
        assertThat(s.std()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
        assertThat(s.min()).isEqualTo(2.0);
        assertThat(s.max()).isEqualTo(9.0);
        // t(0.975, 7) = 2.364624
        Interval ci = s.meanInterval(0.95);
        assertThat(ci.upper() - s.mean()).isCloseTo(2.364624 * Math.sqrt(32.0 / 7) / Math.sqrt(8), within(1e-5));
        assertThat(Summary.of(3.0).std()).isNaN();
        assertThatThrownBy(() -> Summary.of()).hasMessageContaining("empty");
        assertThatThrownBy(() -> Summary.of(1, Double.NaN)).hasMessage("values[1] is NaN");
    }

    @Test
    void bootstrapIsDeterministicAndCoversTheMean() {
        double[] sample = new double[200];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < sample.length; i++) sample[i] = r.nextGaussian() + 3;
        Estimate a = BootstrapInterval.ofMean(sample, 42);
        Estimate b = BootstrapInterval.ofMean(sample, 42);
        assertThat(a).isEqualTo(b);
        assertThat(a.value()).isEqualTo(Summary.of(sample).mean());
        assertThat(a.interval().contains(a.value())).isTrue();
        // the bootstrap interval of a mean is close to the normal one: +-1.96 standard errors
        double se = Summary.of(sample).standardError();
        assertThat(a.interval().width()).isCloseTo(2 * 1.96 * se, within(0.25 * 2 * 1.96 * se));
        Estimate constant = BootstrapInterval.ofMean(new double[] {2, 2, 2}, 1);
        assertThat(constant.interval().width()).isZero();
        assertThatThrownBy(() -> BootstrapInterval.ofMean(new double[0], 1)).hasMessageContaining("empty");
    }

    @Test
    void quantileInterpolatesLikeNumpy() {
        double[] sorted = {1, 2, 3, 4};
        assertThat(BootstrapInterval.quantile(sorted, 0.5)).isEqualTo(2.5);
        assertThat(BootstrapInterval.quantile(sorted, 0.0)).isEqualTo(1.0);
        assertThat(BootstrapInterval.quantile(sorted, 1.0)).isEqualTo(4.0);
        assertThat(BootstrapInterval.quantile(sorted, 0.25)).isEqualTo(1.75);
    }

    @Test
    void differenceOfProportionsMatchesNewcombe() {
        // Newcombe (1998), Statistics in Medicine 17:873, table II, example (a): 56/70 - 48/80, method 10: 0.0524 to 0.3339
        Interval d = Proportion.of(56, 70).differenceFrom(Proportion.of(48, 80));
        assertThat(d.lower()).isCloseTo(0.0524, within(1e-4));
        assertThat(d.upper()).isCloseTo(0.3339, within(1e-4));
        Interval same = Proportion.of(5, 10).differenceFrom(Proportion.of(5, 10));
        assertThat(same.lower()).isCloseTo(-same.upper(), within(1e-12));
    }
}
