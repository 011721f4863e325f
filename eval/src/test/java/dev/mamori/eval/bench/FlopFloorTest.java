package dev.mamori.eval.bench;

import dev.mamori.autograd.FlopCounter;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The suite's ConvMixer counted against a hand count of its products, and the GEMM peak's shape. */
class FlopFloorTest {
    @Test
    void convMixerProductsMatchAHandCount() {
        // ConvMixer-128/8, kernel 5, patch 4 on [128, 1, 28, 28]: every feature map is [128, 128, 7, 7]
        long maps = 128L * 128 * 7 * 7;
        long stem = 2 * maps * 16;                 // 4x4 patches of 1 channel
        long depthwise = 2 * maps * 25;            // 5x5 per channel
        long pointwise = 2 * maps * 128;           // 1x1 over 128 channels
        long head = 2L * 128 * 10 * 128;           // linear 128 -> 10 on 128 images
        long forward = stem + 8 * (depthwise + pointwise) + head;

        Map<String, FlopCounter.Counts> counts = NnBenchmark.standard().flops("convmixer");

        FlopCounter.Counts train = counts.get("train_step");
        assertThat(train.forward()).isEqualTo(forward);
        assertThat(train.backwardWeights()).as("every layer's weight gradient").isEqualTo(forward);
        assertThat(train.backwardInputs()).as("no input gradient into the image").isEqualTo(forward - stem);
        assertThat(FlopFloor.phaseFlops("train_step", train)).isEqualTo(3 * forward - stem);

        assertThat(counts.get("infer").total()).isEqualTo(forward);

        FlopCounter.Counts inputGrad = counts.get("input_grad");
        assertThat(FlopFloor.phaseFlops("input_grad", inputGrad)).as("forward, and dX through every layer; no dW").isEqualTo(2 * forward);
        assertThat(inputGrad.uncounted()).isEmpty();
    }

    @Test
    void thePeakIsTheBestRateOverTheSizes() {
        FlopFloor.Peak peak = FlopFloor.measurePeak(1);
        assertThat(peak.bySize()).hasSize(FlopFloor.PEAK_SIZES.size());
        for (double rate : peak.bySize()) assertThat(rate).isPositive().isFinite();
        assertThat(peak.gflops()).isEqualTo(java.util.Arrays.stream(peak.bySize()).max().orElseThrow());
        assertThat(peak.size()).isIn(FlopFloor.PEAK_SIZES);
    }
}
