package dev.mamori.nn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Reduction;
import dev.mamori.nn.io.OracleFixture;
import dev.mamori.nn.layers.Activation;
import dev.mamori.nn.layers.BatchNorm2d;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.ConvTranspose2d;
import dev.mamori.nn.layers.CrossAttention;
import dev.mamori.nn.layers.Embedding;
import dev.mamori.nn.layers.GroupNorm;
import dev.mamori.nn.layers.LayerNorm;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.Pool2d;
import dev.mamori.nn.layers.SelfAttention;
import dev.mamori.nn.layers.Upsample;
import dev.mamori.nn.losses.Losses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every oracle fixture of kind "layer" (found by reading the JSON beside each file in $MAMORI_ORACLE_DIR or
 * ../shared/oracle): the layer is built from its configuration with this framework's modules, loaded with the
 * fixture's parameters by their PyTorch names, and its output and every gradient (inputs and parameters, for the loss
 * sum(output * upstream)) are compared within the fixture's tolerance.
 */
class LayerParityTest {

    static List<String> layerFixtures() {
        return OracleFixture.namesOfKind("layer");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layerFixtures")
    void matchesPyTorch(String name) {
        OracleFixture f = OracleFixture.load(name);
        String op = f.config().path("op").asText();
        List<String> failures = op.equals("cross_entropy") ? checkCrossEntropy(f) : checkModule(f, buildModule(op, f.config()));
        assertThat(failures).as(name).isEmpty();
    }

    private static List<String> checkCrossEntropy(OracleFixture f) {
        Tensor logits = Tensor.variable(f.tensor("logits"));
        int[] labels = f.tensor("labels").toIntVector();
        Tensor loss = Losses.crossEntropy(logits, labels, f.config().path("label_smoothing").asDouble(0), Reduction.MEAN);
        INDArray g = Autograd.grad(loss, logits);
        List<String> out = new ArrayList<>();
        add(out, OracleFixture.compare("loss", loss.value().reshape(1), f.tensor("loss").reshape(1), f.atol(), f.rtol()));
        add(out, OracleFixture.compare("grad.logits", g, f.tensor("grad.logits"), f.atol(), f.rtol()));
        return out;
    }

    private static List<String> checkModule(OracleFixture f, Module m) {
        m.setTraining("train".equals(f.config().path("mode").asText()));
        Map<String, INDArray> params = f.withPrefix("param.");
        Map<String, INDArray> buffers = f.has("buffer_before.running_mean") ? f.withPrefix("buffer_before.") : f.withPrefix("buffer.");
        Map<String, INDArray> state = new java.util.LinkedHashMap<>(params);
        state.putAll(buffers);
        m.loadStateDict(state, false);

        List<Tensor> inputs = new ArrayList<>();
        List<String> inputNames = new ArrayList<>();
        Tensor out;
        if (f.has("indices")) {
            out = ((Embedding) m).lookup(f.tensor("indices"));
        } else if (f.has("input0")) {
            Tensor x = Tensor.variable(f.tensor("input0").dup());
            Tensor ctx = Tensor.variable(f.tensor("input1").dup());
            inputs.add(x);
            inputs.add(ctx);
            inputNames.add("input0");
            inputNames.add("input1");
            out = ((CrossAttention) m).call(x, ctx);
        } else {
            Tensor x = Tensor.variable(f.tensor("input").dup());
            inputs.add(x);
            inputNames.add("input");
            out = m.call(x);
        }
        List<String> failures = new ArrayList<>();
        add(failures, OracleFixture.compare("output", out.value(), f.tensor("output"), f.atol(), f.rtol()));

        List<Tensor> wrt = new ArrayList<>(inputs);
        List<String> names = new ArrayList<>();
        for (String n : inputNames) names.add("grad." + n);
        for (String p : params.keySet()) {
            wrt.add(m.parameter(p));
            names.add("grad.param." + p);
        }
        List<INDArray> grads = Autograd.grad(out, f.tensor("upstream"), wrt);
        for (int i = 0; i < wrt.size(); i++) {
            if (f.has(names.get(i))) add(failures, OracleFixture.compare(names.get(i), grads.get(i), f.tensor(names.get(i)), f.atol(), f.rtol()));
        }
        if (f.has("buffer_before.running_mean")) {
            for (String b : List.of("running_mean", "running_var")) {
                add(failures, OracleFixture.compare("buffer." + b, m.stateDict().get(b), f.tensor("buffer." + b), f.atol(), f.rtol()));
            }
            assertThat(m.stateDict().get("num_batches_tracked").getLong(0)).isEqualTo(f.tensor("buffer.num_batches_tracked").getLong(0));
        }
        return failures;
    }

    private static Module buildModule(String op, JsonNode c) {
        return switch (op) {
            case "linear" -> new Linear(c.get("in").asInt(), c.get("out").asInt());
            case "conv2d" -> new Conv2d(c.get("in").asInt(), c.get("out").asInt(), c.get("kernel").asInt(),
                    Conv2d.options().stride(c.path("stride").asInt(1)).padding(c.path("padding").asInt(0)).groups(c.path("groups").asInt(1)));
            case "conv_transpose2d" -> new ConvTranspose2d(c.get("in").asInt(), c.get("out").asInt(), c.get("kernel").asInt(),
                    c.path("stride").asInt(1), c.path("padding").asInt(0));
            case "self_attention" -> new SelfAttention(c.get("dim").asInt(), c.get("heads").asInt());
            case "cross_attention" -> new CrossAttention(c.get("query_dim").asInt(), c.get("context_dim").asInt(),
                    c.get("heads").asInt(), c.get("dim_head").asInt());
            case "avgpool2d" -> Pool2d.avg(c.get("kernel").asInt(), c.path("stride").asInt(c.get("kernel").asInt()), c.path("padding").asInt(0));
            case "maxpool2d" -> Pool2d.max(c.get("kernel").asInt(), c.path("stride").asInt(c.get("kernel").asInt()), c.path("padding").asInt(0));
            case "batchnorm2d" -> new BatchNorm2d(5, c.path("eps").asDouble(1e-5), c.path("momentum").asDouble(0.1));
            case "embedding" -> new Embedding(c.get("num").asInt(), c.get("dim").asInt());
            case "gelu" -> c.path("approximation").asText().startsWith("tanh") ? Activation.geluTanh() : Activation.gelu();
            case "silu" -> Activation.silu();
            case "softmax" -> Activation.softmax(c.path("axis").asInt(-1));
            case "upsample" -> new Upsample(c.get("scale").asInt());
            case "groupnorm" -> new GroupNorm(c.get("groups").asInt(), 8, c.path("eps").asDouble(1e-5));
            case "layernorm" -> new LayerNorm(12, c.path("eps").asDouble(1e-5));
            default -> throw new IllegalArgumentException("no module for fixture op '" + op + "'");
        };
    }

    private static void add(List<String> failures, String result) {
        if (!result.isEmpty()) failures.add(result);
    }
}
