package dev.mamori.nn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Reduction;
import dev.mamori.autograd.ops.Resampling;
import dev.mamori.nn.adapters.LoraLinear;
import dev.mamori.nn.distributions.DiagonalGaussianDistribution;
import dev.mamori.nn.io.OracleFixture;
import dev.mamori.nn.layers.Activation;
import dev.mamori.nn.layers.BasicTransformerBlock;
import dev.mamori.nn.layers.BatchNorm2d;
import dev.mamori.nn.layers.Conv2d;
import dev.mamori.nn.layers.ConvTranspose2d;
import dev.mamori.nn.layers.CrossAttention;
import dev.mamori.nn.layers.Embedding;
import dev.mamori.nn.layers.GroupNorm;
import dev.mamori.nn.layers.LayerNorm;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.ModulatedConv2d;
import dev.mamori.nn.layers.Pool2d;
import dev.mamori.nn.layers.ResnetBlock2D;
import dev.mamori.nn.layers.SelfAttention;
import dev.mamori.nn.layers.SinusoidalTimestepEmbedding;
import dev.mamori.nn.layers.Upsample;
import dev.mamori.nn.losses.Losses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every oracle fixture of kind "layer" (found by reading the JSON beside each file in $MAMORI_ORACLE_DIR or
 * ../shared/oracle, and in its wave2/ folder those whose op has code here): the layer is built from its configuration
 * with this framework's modules, loaded with the fixture's parameters by their PyTorch names, and its output, the
 * intermediate tensors the fixture stores, and every gradient it stores (inputs and parameters, for the loss
 * sum(output * upstream)) are compared within the fixture's tolerance.
 */
class LayerParityTest {
    /** Wave-2 layer ops with code in this framework; the other wave-2 fixtures belong to code still to come. */
    static final Set<String> WAVE2_OPS = Set.of("modulated_conv2d", "timestep_embedding", "resnet_block2d", "basic_transformer_block",
            "grid_sample", "diagonal_gaussian_posterior", "lora_linear");

    static List<String> layerFixtures() {
        List<String> names = new ArrayList<>(OracleFixture.namesOfKind("layer"));
        names.addAll(OracleFixture.names("wave2", c -> "layer".equals(c.path("kind").asText()) && WAVE2_OPS.contains(c.path("op").asText())));
        return names;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layerFixtures")
    void matchesPyTorch(String name) {
        OracleFixture f = OracleFixture.load(name);
        String op = f.config().path("op").asText();
        List<String> failures = switch (op) {
            case "cross_entropy" -> checkCrossEntropy(f);
            case "diagonal_gaussian_posterior" -> checkDiagonalGaussian(f);
            default -> checkModule(f, buildCase(op, f.config()));
        };
        assertThat(failures).as(name).isEmpty();
    }

    /** A missing wave-2 fixture fails here instead of silently dropping out of the parameterized test. */
    @Test
    void everyWave2OpHasAFixture() {
        Set<String> found = new java.util.HashSet<>();
        for (String n : layerFixtures()) found.add(OracleFixture.load(n).config().path("op").asText());
        assertThat(found).containsAll(WAVE2_OPS);
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

    /** vae_kl: every stored quantity, the gradient of sum(sample * upstream) + kl_loss and that of kl_loss alone. */
    private static List<String> checkDiagonalGaussian(OracleFixture f) {
        List<String> out = new ArrayList<>();
        Tensor moments = Tensor.variable(f.tensor("input").dup());
        DiagonalGaussianDistribution q = new DiagonalGaussianDistribution(moments);
        Tensor sample = q.sample(Tensor.of(f.tensor("noise")));
        Map<String, Tensor> got = new LinkedHashMap<>();
        got.put("mean", q.mean());
        got.put("logvar", q.logvar());
        got.put("std", q.std());
        got.put("sample", sample);
        got.put("kl", q.kl());
        got.forEach((n, t) -> add(out, OracleFixture.compare(n, t.value(), f.tensor(n), f.atol(), f.rtol())));
        add(out, OracleFixture.compare("kl_loss", q.klLoss().value().reshape(1), f.tensor("kl_loss").reshape(1), f.atol(), f.rtol()));
        Tensor loss = sample.mul(Tensor.of(f.tensor("upstream"))).sum().add(q.klLoss());
        add(out, OracleFixture.compare("grad.input", Autograd.grad(loss, moments), f.tensor("grad.input"), f.atol(), f.rtol()));
        Tensor moments2 = Tensor.variable(f.tensor("input").dup());
        Tensor klLoss = new DiagonalGaussianDistribution(moments2).klLoss();
        add(out, OracleFixture.compare("grad_kl.input", Autograd.grad(klLoss, moments2), f.tensor("grad_kl.input"), f.atol(), f.rtol()));
        return out;
    }

    /**
     * How to run a fixture: the module holding its parameters (null for a bare op), the forward pass over the fixture's
     * inputs in order, and the intermediate tensors it stores under their fixture names (none for most layers).
     */
    private record Case(Module module, Function<List<Tensor>, Tensor> forward, Function<List<Tensor>, Map<String, Tensor>> intermediates) {
        Case(Module module, Function<List<Tensor>, Tensor> forward) {
            this(module, forward, in -> Map.of());
        }

        static Case single(Module m) {
            return new Case(m, in -> m.call(in.get(0)));
        }
    }

    private static List<String> checkModule(OracleFixture f, Case c) {
        Module m = c.module();
        Map<String, INDArray> params = f.withPrefix("param.");
        if (m != null) {
            m.setTraining("train".equals(f.config().path("mode").asText()));
            Map<String, INDArray> buffers = f.has("buffer_before.running_mean") ? f.withPrefix("buffer_before.") : f.withPrefix("buffer.");
            Map<String, INDArray> state = new LinkedHashMap<>(params);
            state.putAll(buffers);
            m.loadStateDict(state, false);
        }

        // Inputs in the fixture's order (input, or input0, input1, ...); gradients only where the fixture stores one.
        List<String> inputNames = new ArrayList<>();
        if (f.has("input")) inputNames.add("input");
        for (int i = 0; f.has("input" + i); i++) inputNames.add("input" + i);
        List<Tensor> inputs = new ArrayList<>();
        List<Tensor> wrt = new ArrayList<>();
        List<String> gradNames = new ArrayList<>();
        for (String n : inputNames) {
            boolean wanted = f.has("grad." + n);
            Tensor t = wanted ? Tensor.variable(f.tensor(n).dup()) : Tensor.of(f.tensor(n));
            inputs.add(t);
            if (wanted) {
                wrt.add(t);
                gradNames.add("grad." + n);
            }
        }
        Tensor out = f.has("indices") ? ((Embedding) m).lookup(f.tensor("indices")) : c.forward().apply(inputs);
        List<String> failures = new ArrayList<>();
        add(failures, OracleFixture.compare("output", out.value(), f.tensor("output"), f.atol(), f.rtol()));
        c.intermediates().apply(inputs).forEach((n, t) -> add(failures, OracleFixture.compare(n, t.value(), f.tensor(n), f.atol(), f.rtol())));

        for (String p : params.keySet()) {
            if (!f.has("grad.param." + p)) continue;
            wrt.add(m.parameter(p));
            gradNames.add("grad.param." + p);
        }
        if (!wrt.isEmpty()) {
            List<INDArray> grads = Autograd.grad(out, f.tensor("upstream"), wrt);
            for (int i = 0; i < wrt.size(); i++) {
                add(failures, OracleFixture.compare(gradNames.get(i), grads.get(i), f.tensor(gradNames.get(i)), f.atol(), f.rtol()));
            }
        }
        Set<String> unchecked = new java.util.TreeSet<>(f.withPrefix("grad.").keySet().stream().map(n -> "grad." + n).toList());
        gradNames.forEach(unchecked::remove);
        if (!unchecked.isEmpty()) failures.add("gradients stored in the fixture but not checked: " + unchecked);
        if (f.has("buffer_before.running_mean")) {
            for (String b : List.of("running_mean", "running_var")) {
                add(failures, OracleFixture.compare("buffer." + b, m.stateDict().get(b), f.tensor("buffer." + b), f.atol(), f.rtol()));
            }
            assertThat(m.stateDict().get("num_batches_tracked").getLong(0)).isEqualTo(f.tensor("buffer.num_batches_tracked").getLong(0));
        }
        return failures;
    }

    private static Case buildCase(String op, JsonNode c) {
        switch (op) {
            case "cross_attention": {
                CrossAttention m = new CrossAttention(c.get("query_dim").asInt(), c.get("context_dim").asInt(), c.get("heads").asInt(), c.get("dim_head").asInt());
                return new Case(m, in -> m.call(in.get(0), in.get(1)));
            }
            case "modulated_conv2d": {
                ModulatedConv2d m = new ModulatedConv2d(c.get("in").asInt(), c.get("out").asInt(), c.get("kernel").asInt(),
                        c.get("w_dim").asInt(), c.get("demodulate").asBoolean());
                return new Case(m, in -> m.call(in.get(0), in.get(1)), in -> {
                    Tensor styles = m.styles(in.get(1));
                    return m.demodulate ? Map.of("styles", styles, "dcoefs", m.demodulationCoefficients(styles)) : Map.of("styles", styles);
                });
            }
            case "timestep_embedding":
                return Case.single(new SinusoidalTimestepEmbedding(c.get("dim").asInt(), SinusoidalTimestepEmbedding.options()
                        .flipSinToCos(c.get("flip_sin_to_cos").asBoolean()).downscaleFreqShift(c.get("downscale_freq_shift").asDouble())
                        .scale(c.path("scale").asDouble(1)).maxPeriod(c.path("max_period").asDouble(10000))));
            case "resnet_block2d": {
                ResnetBlock2D m = new ResnetBlock2D(c.get("in").asInt(), c.get("out").asInt(), c.get("temb_channels").asInt(),
                        ResnetBlock2D.options().groups(c.get("groups").asInt()).eps(c.get("eps").asDouble()));
                return new Case(m, in -> m.call(in.get(0), in.get(1)));
            }
            case "basic_transformer_block": {
                BasicTransformerBlock m = new BasicTransformerBlock(c.get("dim").asInt(), c.get("heads").asInt(), c.get("dim_head").asInt(),
                        c.get("context_dim").asInt(), BasicTransformerBlock.options().ffInner(c.get("ff_inner").asInt()).eps(c.get("layernorm_eps").asDouble()));
                return new Case(m, in -> m.call(in.get(0), in.get(1)));
            }
            case "grid_sample": {
                if (!"bilinear".equals(c.path("mode").asText())) throw new IllegalArgumentException("grid_sample mode " + c.path("mode"));
                Resampling.GridPadding padding = Resampling.GridPadding.valueOf(c.get("padding_mode").asText().toUpperCase(java.util.Locale.ROOT));
                boolean alignCorners = c.get("align_corners").asBoolean();
                return new Case(null, in -> Resampling.gridSample(in.get(0), in.get(1), padding, alignCorners));
            }
            case "lora_linear":
                return Case.single(new LoraLinear(new Linear(c.get("in").asInt(), c.get("out").asInt()), c.get("r").asInt(), c.get("alpha").asDouble()));
            default:
                return Case.single(buildModule(op, c));
        }
    }

    private static Module buildModule(String op, JsonNode c) {
        return switch (op) {
            case "linear" -> new Linear(c.get("in").asInt(), c.get("out").asInt());
            case "conv2d" -> new Conv2d(c.get("in").asInt(), c.get("out").asInt(), c.get("kernel").asInt(),
                    Conv2d.options().stride(c.path("stride").asInt(1)).padding(c.path("padding").asInt(0)).groups(c.path("groups").asInt(1)));
            case "conv_transpose2d" -> new ConvTranspose2d(c.get("in").asInt(), c.get("out").asInt(), c.get("kernel").asInt(),
                    c.path("stride").asInt(1), c.path("padding").asInt(0));
            case "self_attention" -> new SelfAttention(c.get("dim").asInt(), c.get("heads").asInt());
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
