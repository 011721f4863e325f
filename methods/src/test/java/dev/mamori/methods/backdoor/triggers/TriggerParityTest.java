package dev.mamori.methods.backdoor.triggers;

import dev.mamori.methods.backdoor.experiment.AttackSpec;
import dev.mamori.methods.backdoor.experiment.BackdoorTraining;
import dev.mamori.nn.io.OracleFixture;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each trigger against its BackdoorBench fixture in oracle/wave2 (kind transform), built from the fixture's
 * configuration (only the random parts an attacker draws - the blend pattern, WaNet's noise field - are read from the
 * fixture): the trigger images, patterns and grids, and the triggered outputs; 8-bit outputs exactly. A missing fixture
 * fails the test.
 */
class TriggerParityTest {

    private static String check(OracleFixture f, String tensor, INDArray got) {
        return OracleFixture.compare(f.name() + " " + tensor, got, f.tensor(tensor).castTo(got.dataType()), f.atol(), f.rtol());
    }

    @Test
    void badNets() {
        OracleFixture f = OracleFixture.load("wave2/trigger_badnets");
        assertThat(f.kind()).isEqualTo("transform");
        INDArray input = f.tensor("input");
        long[] s = input.shape();
        // "3x3, value 1, bottom-right corner (distance 0 from the right and bottom edges), all channels"
        PatchTrigger t = PatchTrigger.badNets((int) s[1], (int) s[2], (int) s[3], 3, 1.0, 0, 0);
        assertThat(OracleFixture.compare("trigger", t.triggerImage(), f.tensor("trigger"), 0, 0)).isEmpty();
        assertThat(OracleFixture.compare("output", t.apply(input), f.tensor("output"), 0, 0)).isEmpty();
        // BackdoorBench's own form: the stored trigger image stamped as is
        PatchTrigger fromImage = PatchTrigger.fromTriggerImage("badnets", "fixture trigger", f.tensor("trigger"));
        assertThat(OracleFixture.compare("output", fromImage.apply(input), f.tensor("output"), 0, 0)).isEmpty();
        assertThat(input.equalsWithEps(f.tensor("input"), 0)).as("the input is not changed").isTrue();
        // the experiment's default BadNets is this trigger on every dataset but emoji-category (drawn on white: a checkerboard there)
        AttackSpec defaults = AttackSpec.of("badnets");
        for (String dataset : new String[]{"fashion-mnist", "mnist", "emoji-category-x"}) {
            PatchTrigger experiment = (PatchTrigger) BackdoorTraining.trigger(defaults, dataset, (int) s[1], (int) s[2], 0);
            assertThat(OracleFixture.compare("trigger on " + dataset, experiment.triggerImage(), f.tensor("trigger"), 0, 0)).isEmpty();
            assertThat(OracleFixture.compare("output on " + dataset, experiment.apply(input), f.tensor("output"), 0, 0)).isEmpty();
        }
        PatchTrigger emoji = (PatchTrigger) BackdoorTraining.trigger(defaults, "emoji-category", (int) s[1], (int) s[2], 0);
        assertThat(emoji.describe()).contains("checkerboard");
        assertThat(emoji.mask().equalsWithEps(t.mask(), 0)).as("same square, other pattern").isTrue();
    }

    @Test
    void blend() {
        OracleFixture f = OracleFixture.load("wave2/trigger_blend");
        BlendTrigger t = new BlendTrigger(f.tensor("pattern"), f.config().get("alpha").asDouble(), "fixture pattern");
        assertThat(check(f, "output", t.apply(f.tensor("input")))).isEmpty();
    }

    @Test
    void sigFloatAndEightBit() {
        OracleFixture f = OracleFixture.load("wave2/trigger_sig");
        INDArray input = f.tensor("input");
        long[] s = input.shape();
        double delta = Double.parseDouble(f.config().get("delta").asText().split("/")[0].trim());
        double freq = f.config().get("f").asDouble();
        SigTrigger t = new SigTrigger((int) s[1], (int) s[2], (int) s[3], delta, freq, false);
        INDArray pattern = org.nd4j.linalg.factory.Nd4j.createFromArray(t.pattern());
        assertThat(check(f, "pattern", pattern)).isEmpty();
        assertThat(check(f, "output", t.apply(input))).isEmpty();

        INDArray out8 = t.applyEightBit(f.tensor("input_uint8"));
        INDArray want8 = f.tensor("output_uint8").castTo(DataType.FLOAT);
        assertThat(OracleFixture.compare("output_uint8", out8, want8, 0, 0)).isEmpty();
        // the 8-bit path through apply(): images k/255 in, (k')/255 out
        SigTrigger eight = new SigTrigger((int) s[1], (int) s[2], (int) s[3], delta, freq, true);
        INDArray viaApply = eight.apply(f.tensor("input_uint8").castTo(DataType.FLOAT).div(255f));
        assertThat(OracleFixture.compare("apply (8-bit)", viaApply.mul(255f), want8, 1e-3, 0)).isEmpty();
    }

    @Test
    void waNet() {
        OracleFixture f = OracleFixture.load("wave2/trigger_wanet");
        INDArray input = f.tensor("input");
        long[] s = input.shape();
        assertThat(f.config().get("k").asInt()).isEqualTo((int) f.tensor("noise_field").size(2));
        WaNetTrigger t = new WaNetTrigger((int) s[1], (int) s[2], f.tensor("noise_field"), f.config().get("s").asDouble(),
                f.config().get("grid_rescale").asDouble());
        assertThat(check(f, "identity_grid", t.identityGrid())).isEmpty();
        assertThat(check(f, "noise_grid", t.noiseGrid())).isEmpty();
        assertThat(check(f, "grid", t.grid())).isEmpty();
        assertThat(check(f, "output", t.apply(input))).isEmpty();
    }
}
