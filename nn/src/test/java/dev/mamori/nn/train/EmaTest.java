package dev.mamori.nn.train;

import dev.mamori.nn.init.Init;
import dev.mamori.nn.layers.Linear;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The EMA's step-based warm-up: decay min(decay, 1 - (1 + t)^-power) for update t. */
class EmaTest {

    @Test
    void warmUpStartsAtTheLiveWeightsAndSettlesAtTheDecay() {
        Init.seed(1);
        Linear lin = new Linear(2, 1);
        Ema ema = new Ema(lin, 0.99, 0.75);
        assertThat(ema.decayAt(0)).isZero();
        assertThat(ema.decayAt(1)).isCloseTo(1 - Math.pow(2, -0.75), within(1e-15));
        assertThat(ema.decayAt(15)).isCloseTo(1 - Math.pow(16, -0.75), within(1e-15)); // 0.875
        assertThat(ema.decayAt(1_000_000)).isEqualTo(0.99);
        assertThat(new Ema(lin, 0.99).decayAt(0)).as("without warm-up").isEqualTo(0.99);

        // the first update copies the live weights; the second mixes with 1 - 2^-0.75
        lin.weight.value().assign(3.0);
        ema.update();
        assertThat(ema.stateDict().get("weight").data().asFloat()).containsExactly(3f, 3f);
        lin.weight.value().assign(1.0);
        ema.update();
        double d = 1 - Math.pow(2, -0.75);
        assertThat(ema.stateDict().get("weight").getDouble(0)).isCloseTo(d * 3 + (1 - d) * 1, within(1e-6));
        assertThat(ema.updates()).isEqualTo(2);
    }

    @Test
    void withoutWarmUpTheRandomInitializationLingers() {
        // why warm-up matters: after 10 updates towards weights of 1, a plain 0.99 average is still 90% initial value
        Init.seed(2);
        Linear lin = new Linear(2, 1);
        lin.weight.value().assign(0.0);
        Ema plain = new Ema(lin, 0.99), warm = new Ema(lin, 0.99, 0.75);
        lin.weight.value().assign(1.0);
        for (int i = 0; i < 10; i++) {
            plain.update();
            warm.update();
        }
        assertThat(plain.stateDict().get("weight").getDouble(0)).isCloseTo(1 - Math.pow(0.99, 10), within(1e-5));
        assertThat(warm.stateDict().get("weight").getDouble(0)).isEqualTo(1.0, within(1e-6));
    }
}
