package dev.mamori.nn;

import dev.mamori.nn.io.SafeTensors;
import dev.mamori.nn.layers.BatchNorm2d;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.mamori.nn.NnTesting.uniform;
import static dev.mamori.nn.NnTesting.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Saving and loading state dicts: strict and lenient matching, shapes, dtypes, buffers, through safetensors. */
class StateDictTest {

    private static Sequential model() {
        return new Sequential(new Conv2d(2, 3, 3), new BatchNorm2d(3), new Linear(4, 2));
    }

    /** A copy of the model's state with every value changed, as another run's checkpoint would be. */
    private static Map<String, INDArray> otherState(Sequential m) {
        Map<String, INDArray> s = new LinkedHashMap<>();
        long seed = 100;
        for (Map.Entry<String, INDArray> e : m.stateDict().entrySet()) {
            INDArray v = e.getValue();
            s.put(e.getKey(), v.dataType() == DataType.INT64 ? Nd4j.scalar(7L) : uniform(seed++, -1, 1, v.shape()).castTo(v.dataType()));
        }
        return s;
    }

    @Test
    void strictLoadCopiesParametersAndBuffers(@TempDir Path dir) throws Exception {
        Sequential a = model();
        Map<String, INDArray> state = otherState(a);
        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, state, Map.of());
        a.loadStateDict(SafeTensors.read(file).tensors(), true);
        for (Map.Entry<String, INDArray> e : state.entrySet()) {
            assertThat(values(a.stateDict().get(e.getKey()))).as(e.getKey()).containsExactly(values(e.getValue()));
        }
        assertThat(((BatchNorm2d) a.get(1)).numBatchesTracked.value().getLong(0)).isEqualTo(7);
        // loading copies values: the model's arrays are not the checkpoint's
        assertThat(a.stateDict().get("0.weight")).isNotSameAs(state.get("0.weight"));
    }

    @Test
    void strictLoadListsMissingAndUnexpectedKeys() {
        Sequential m = model();
        Map<String, INDArray> state = otherState(m);
        state.remove("0.bias");
        state.remove("1.running_var");
        state.put("3.weight", Nd4j.zeros(2));
        assertThatThrownBy(() -> m.loadStateDict(state, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing keys: [0.bias, 1.running_var]")
                .hasMessageContaining("unexpected keys: [3.weight]");
    }

    @Test
    void lenientLoadReportsMissingAndUnexpectedKeysAndLoadsTheRest() {
        Sequential m = model();
        INDArray biasBefore = m.stateDict().get("0.bias").dup();
        Map<String, INDArray> state = otherState(m);
        state.remove("0.bias");
        state.put("head.weight", Nd4j.zeros(2));
        StateDicts.LoadResult r = StateDicts.load(m, state, false, "test");
        assertThat(r.missingKeys()).containsExactly("0.bias");
        assertThat(r.unexpectedKeys()).containsExactly("head.weight");
        assertThat(values(m.stateDict().get("0.bias"))).containsExactly(values(biasBefore));
        assertThat(values(m.stateDict().get("2.weight"))).containsExactly(values(state.get("2.weight")));
    }

    @Test
    void shapeMismatchNamesTheTensorEvenWhenLenient() {
        Sequential m = model();
        Map<String, INDArray> state = otherState(m);
        state.put("2.weight", Nd4j.zeros(DataType.FLOAT, 4, 2));
        assertThatThrownBy(() -> StateDicts.load(m, state, false, "ckpt.safetensors"))
                .hasMessageContaining("ckpt.safetensors").hasMessageContaining("'2.weight'")
                .hasMessageContaining("[4, 2]").hasMessageContaining("[2, 4]");
    }

    @Test
    void float16CheckpointLoadsIntoFloat32(@TempDir Path dir) throws Exception {
        Linear lin = new Linear(3, 2);
        Map<String, INDArray> half = new LinkedHashMap<>();
        half.put("weight", Nd4j.createFromArray(new float[]{0.5f, -1.25f, 2f, 0.125f, 3.5f, -0.75f}).reshape(2, 3).castTo(DataType.HALF));
        half.put("bias", Nd4j.createFromArray(new float[]{1f, -2f}).castTo(DataType.HALF));
        Path file = dir.resolve("half.safetensors");
        SafeTensors.write(file, half, Map.of());
        lin.loadStateDict(SafeTensors.read(file).tensors(), true);
        assertThat(lin.weight.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(values(lin.weight.value())).containsExactly(0.5, -1.25, 2, 0.125, 3.5, -0.75);
        assertThat(values(lin.bias.value())).containsExactly(1, -2);
    }

    @Test
    void integerDataIntoAFloatParameterIsAnError() {
        Linear lin = new Linear(3, 2);
        Map<String, INDArray> state = new LinkedHashMap<>(lin.stateDict());
        state.put("bias", Nd4j.createFromArray(1, 2));
        assertThatThrownBy(() -> StateDicts.load(lin, state, true, "int.safetensors"))
                .hasMessageContaining("int.safetensors").hasMessageContaining("'bias'").hasMessageContaining("INT")
                .hasMessageContaining("floating-point");
    }

    @Test
    void stateDictHoldsTheLiveArrays() {
        Linear lin = new Linear(2, 2);
        lin.stateDict().get("weight").assign(3);
        assertThat(values(lin.weight.value())).containsOnly(3.0);
        assertThat(lin.stateDict().get("bias").getDouble(0)).isCloseTo(lin.bias.value().getDouble(0), within(0.0));
    }
}
