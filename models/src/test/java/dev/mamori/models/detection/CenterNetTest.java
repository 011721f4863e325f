package dev.mamori.models.detection;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.models.ModelKind;
import dev.mamori.models.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CenterNet-style detector: the benchmark case's parameter count and names, shapes, the feature tap, the decoder. */
class CenterNetTest {

    @Test
    void benchmarkCaseHasTheSuitesParameterCountAndNames() {
        CenterNet m = ModelRegistry.create("centernet_bench_64", CenterNet.class);
        assertThat(m.parameterCount()).isEqualTo(407_911);
        assertThat(ModelRegistry.entry("centernet_bench_64").parameters()).isEqualTo(407_911);
        assertThat(ModelRegistry.names(ModelKind.DETECTION)).containsKeys("centernet_bench_64", "centernet_mini_64");
        assertThat(m.namedParameters()).containsKeys("backbone.0.0.weight", "backbone.3.1.bias", "neck.1.0.weight", "neck.3.1.weight",
                "hm.0.weight", "hm.2.bias", "wh.2.weight", "reg.2.bias");
        assertThat(m.parameter("hm.2.bias").value().getDouble(0)).isEqualTo(-2.19, org.assertj.core.data.Offset.offset(1e-6));
        assertThatThrownBy(() -> ModelRegistry.create("centernet_bench_64")).hasMessageContaining("not a Classifier");
    }

    @Test
    void mapsHaveTheOutputStrideAndTheTapSeesTheStage() {
        CenterNet m = ModelRegistry.create("centernet_mini_64", Map.of("numClasses", 2), CenterNet.class);
        m.eval();
        Tensor x = Tensor.of(Nd4j.rand(DataType.FLOAT, 2, 3, 64, 64));
        try (GradMode.Scope off = GradMode.noGrad()) {
            CenterNet.Maps maps = m.maps(x);
            assertThat(maps.heatmap().shape()).containsExactly(2, 2, 16, 16);
            assertThat(maps.size().shape()).containsExactly(2, 2, 16, 16);
            assertThat(maps.offset().shape()).containsExactly(2, 2, 16, 16);
            long[][] seen = new long[1][];
            CenterNet.Maps tapped = m.maps(x, new CenterNet.FeatureTap(1, t -> {
                seen[0] = t.shape();
                return t;
            }));
            assertThat(seen[0]).containsExactly(2, 32, 16, 16);
            assertThat(tapped.heatmap().value()).isEqualTo(maps.heatmap().value());
            CenterNet.Maps zeroed = m.maps(x, new CenterNet.FeatureTap(0, t -> t.mul(0)));
            assertThat(zeroed.heatmap().value()).isNotEqualTo(maps.heatmap().value());
            assertThat(m.call(x).shape()).containsExactly(2, 6, 16, 16);
        }
        assertThatThrownBy(() -> m.maps(x, new CenterNet.FeatureTap(4, t -> t))).hasMessageContaining("stages 0..3");
    }

    @Test
    void decoderFindsPeaksAndBuildsBoxesInPixels() {
        // one class, 4 x 4 map, stride 4: a peak at (x 1, y 2) with size (2, 1) cells and offset (0.5, 0.25)
        float[] logits = new float[16];
        java.util.Arrays.fill(logits, -5f);
        logits[2 * 4 + 1] = 3f;
        logits[2 * 4 + 2] = 2f;                                       // a neighbour: not a peak
        logits[0] = 0f;                                               // a second, weaker peak
        float[] size = new float[32], offset = new float[32];
        size[2 * 4 + 1] = 2f;
        size[16 + 2 * 4 + 1] = 1f;
        offset[2 * 4 + 1] = 0.5f;
        offset[16 + 2 * 4 + 1] = 0.25f;
        PeakDecoder decoder = new PeakDecoder(10, 4, 16, 16);
        List<List<PeakDecoder.Peak>> peaks = decoder.decode(Nd4j.create(logits, new long[]{1, 1, 4, 4}, 'c'),
                Nd4j.create(size, new long[]{1, 2, 4, 4}, 'c'), Nd4j.create(offset, new long[]{1, 2, 4, 4}, 'c'));
        // two real peaks first; cells of the flat background equal their neighbourhood's maximum, so they are (weak) peaks
        // too, as in CenterNet
        assertThat(peaks.get(0)).hasSizeGreaterThan(2);
        assertThat(peaks.get(0).subList(2, peaks.get(0).size())).allMatch(p -> p.score() < 0.01);
        PeakDecoder.Peak best = peaks.get(0).get(0);
        assertThat(best.score()).isCloseTo(1 / (1 + Math.exp(-3)), org.assertj.core.data.Offset.offset(1e-6));
        // centre (1.5, 2.25) cells = (6, 9) px; size (8, 4) px
        assertThat(new double[]{best.x1(), best.y1(), best.x2(), best.y2()}).containsExactly(new double[]{2, 7, 10, 11},
                org.assertj.core.data.Offset.offset(1e-5));
        assertThat(peaks.get(0).get(1).score()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-6));
        size[16 + 0] = -3f;                                           // a negative size is an empty box, not an error
        PeakDecoder.Peak weak = new PeakDecoder(2, 4, 16, 16).decode(Nd4j.create(logits, new long[]{1, 1, 4, 4}, 'c'),
                Nd4j.create(size, new long[]{1, 2, 4, 4}, 'c'), Nd4j.create(offset, new long[]{1, 2, 4, 4}, 'c')).get(0).get(1);
        assertThat(weak.y2() - weak.y1()).isZero();
        assertThat(new PeakDecoder(1, 4, 16, 16).decode(Nd4j.create(logits, new long[]{1, 1, 4, 4}, 'c'),
                Nd4j.create(size, new long[]{1, 2, 4, 4}, 'c'), Nd4j.create(offset, new long[]{1, 2, 4, 4}, 'c')).get(0)).hasSize(1);
    }
}
