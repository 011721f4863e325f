package dev.mamori.models.text;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.Tensor;
import dev.mamori.nn.StateDicts;
import dev.mamori.nn.io.OracleFixture;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CLIP's attention against the {@code attention} oracle (timm's packed-qkv layout): q, k and v are the three row
 * blocks of the packed weight, so loading the blocks as q_proj, k_proj, v_proj (and proj as out_proj) must give the
 * fixture's output and gradients when the attention is not causal (the image tower's case).
 */
class ClipAttentionParityTest {

    @Test
    void unmaskedAttentionMatchesThePackedQkvFixture() {
        OracleFixture f = OracleFixture.load("attention");
        int dim = f.config().path("dim").asInt(), heads = f.config().path("heads").asInt();
        ClipAttention attn = new ClipAttention(dim, heads);
        INDArray qkvW = f.tensor("param.qkv.weight"), qkvB = f.tensor("param.qkv.bias");
        Map<String, INDArray> state = new LinkedHashMap<>();
        String[] names = {"q_proj", "k_proj", "v_proj"};
        for (int i = 0; i < 3; i++) {
            state.put(names[i] + ".weight", qkvW.get(NDArrayIndex.interval(i * dim, (i + 1) * dim), NDArrayIndex.all()).dup());
            state.put(names[i] + ".bias", qkvB.get(NDArrayIndex.interval(i * dim, (i + 1) * dim)).dup());
        }
        state.put("out_proj.weight", f.tensor("param.proj.weight"));
        state.put("out_proj.bias", f.tensor("param.proj.bias"));
        StateDicts.load(attn, state, true, f.name());
        attn.eval();

        Tensor x = Tensor.variable(f.tensor("input"));
        Tensor out = attn.call(x, false);
        List<String> failures = new ArrayList<>();
        failures.add(OracleFixture.compare("output", out.value(), f.tensor("output"), f.atol(), f.rtol()));
        Tensor q = attn.qProj.namedParameters().get("weight"), v = attn.vProj.namedParameters().get("weight");
        List<INDArray> g = Autograd.grad(out, f.tensor("upstream"), List.of(x, q, v));
        failures.add(OracleFixture.compare("grad.input", g.get(0), f.tensor("grad.input"), f.atol(), f.rtol()));
        INDArray gradQkv = f.tensor("grad.param.qkv.weight");
        failures.add(OracleFixture.compare("grad q_proj.weight", g.get(1), gradQkv.get(NDArrayIndex.interval(0, dim), NDArrayIndex.all()),
                f.atol(), f.rtol()));
        failures.add(OracleFixture.compare("grad v_proj.weight", g.get(2), gradQkv.get(NDArrayIndex.interval(2 * dim, 3 * dim), NDArrayIndex.all()),
                f.atol(), f.rtol()));
        assertThat(failures).allMatch(String::isEmpty);
    }
}
