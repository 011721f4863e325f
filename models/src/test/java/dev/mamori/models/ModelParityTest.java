package dev.mamori.models;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.Tensor;
import dev.mamori.nn.io.OracleFixture;
import dev.mamori.nn.losses.Losses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every oracle fixture of kind "model": the architecture is created through {@link ModelRegistry} from the fixture's
 * configuration, loaded strictly with the fixture's parameters and buffers under their PyTorch names, and its logits,
 * loss and all gradients (input and every parameter) must match within the fixture's tolerance.
 */
class ModelParityTest {

    static List<String> modelFixtures() {
        return OracleFixture.namesOfKind("model");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelFixtures")
    void matchesPyTorch(String name) {
        OracleFixture f = OracleFixture.load(name);
        Classifier model = FixtureModels.build(f.config());
        Map<String, INDArray> state = new LinkedHashMap<>(f.withPrefix("param."));
        state.putAll(f.withPrefix("buffer."));
        // PyTorch's num_batches_tracked buffers are not in the fixtures: load non-strictly, then check what was missing.
        var result = dev.mamori.nn.StateDicts.load(model, state, false, name);
        assertThat(result.unexpectedKeys()).as("unexpected keys").isEmpty();
        assertThat(result.missingKeys()).as("missing keys").allMatch(k -> k.endsWith("num_batches_tracked"));
        model.setTraining("train".equals(f.config().path("mode").asText()));

        Tensor x = Tensor.variable(f.tensor("input").dup());
        Tensor logits = model.call(x);
        Tensor loss = Losses.crossEntropy(logits, f.tensor("labels").toIntVector());

        List<String> failures = new ArrayList<>();
        add(failures, OracleFixture.compare("logits", logits.value(), f.tensor("logits"), f.atol(), f.rtol()));
        add(failures, OracleFixture.compare("loss", loss.value().reshape(1), f.tensor("loss").reshape(1), f.atol(), f.rtol()));
        List<Tensor> wrt = new ArrayList<>();
        List<String> names = new ArrayList<>();
        wrt.add(x);
        names.add("grad.input");
        for (String p : f.withPrefix("param.").keySet()) {
            wrt.add(model.parameter(p));
            names.add("grad.param." + p);
        }
        List<INDArray> grads = Autograd.grad(loss, wrt);
        int checked = 0;
        for (int i = 0; i < wrt.size(); i++) {
            if (f.has(names.get(i))) {
                add(failures, OracleFixture.compare(names.get(i), grads.get(i), f.tensor(names.get(i)), f.atol(), f.rtol()));
                checked++;
            }
        }
        assertThat(checked).as("gradients compared").isEqualTo(f.withPrefix("grad.").size());
        assertThat(failures).as(name).isEmpty();
    }

    private static void add(List<String> failures, String r) {
        if (!r.isEmpty()) failures.add(r);
    }
}
