package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static dev.mamori.nn.NnTesting.assertLayerGradients;
import static dev.mamori.nn.NnTesting.uniform;
import static dev.mamori.nn.NnTesting.values;
import static org.assertj.core.api.Assertions.assertThat;

/** Every layer's input and parameter gradients in float64 against central differences. */
class LayerGradientTest {
    private static final INDArray IMAGE = uniform(1, -1, 1, 2, 4, 4, 4);

    private static void check(String what, Module m, INDArray input) {
        assertLayerGradients(what, m, v -> m.call(v.get(0)), input);
    }

    @Test
    void linearAndMlp() {
        check("Linear on [2,3,4]", new Linear(4, 3), uniform(2, -1, 1, 2, 3, 4));
        check("Linear without bias", new Linear(4, 3, false), uniform(3, -1, 1, 2, 4));
        check("Mlp (exact GELU)", new Mlp(4, 5, 3), uniform(4, -1, 1, 2, 4));
    }

    @Test
    void convolutions() {
        INDArray x = uniform(5, -1, 1, 1, 4, 4, 4);
        check("Conv2d stride 2 padding 1", new Conv2d(4, 2, 3, Conv2d.options().stride(2).padding(1)), x);
        check("Conv2d groups 2", new Conv2d(4, 2, 2, Conv2d.options().groups(2)), x);
        check("Conv2d depthwise", new Conv2d(4, 4, 3, Conv2d.options().groups(4).padding(1).bias(false)), x);
        check("Conv2d same padding, even kernel", new Conv2d(4, 2, 2, Conv2d.options().samePadding()), x);
        check("Conv2d same padding, dilation 2", new Conv2d(4, 2, 3, Conv2d.options().samePadding().dilation(2)), x);
        check("ConvTranspose2d stride 2 padding 1 output padding 1", new ConvTranspose2d(4, 2, 3, 2, 1, 1, true), uniform(6, -1, 1, 1, 4, 2, 2));
    }

    @Test
    void samePaddingKeepsTheSize() {
        Tensor y = new Conv2d(4, 2, 2, Conv2d.options().samePadding().dilation(3)).call(Tensor.of(IMAGE.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)));
        assertThat(y.shape()).containsExactly(2, 2, 4, 4);
    }

    @Test
    void normalizations() {
        BatchNorm2d train = new BatchNorm2d(4);
        check("BatchNorm2d train", train, IMAGE);
        BatchNorm2d eval = new BatchNorm2d(4);
        eval.runningMean.set(Nd4j.createFromArray(0.1f, -0.2f, 0.3f, 0f));
        eval.runningVar.set(Nd4j.createFromArray(0.5f, 1.5f, 2f, 1f));
        eval.eval();
        check("BatchNorm2d eval", eval, IMAGE);
        check("LayerNorm", new LayerNorm(4), uniform(7, -1, 1, 2, 3, 4));
        check("GroupNorm", new GroupNorm(2, 4), IMAGE);
    }

    @Test
    void batchNormTrainingUpdatesRunningStatisticsLikePyTorch() {
        BatchNorm2d bn = new BatchNorm2d(4, 1e-5, 0.1);
        INDArray x = IMAGE.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        bn.call(Tensor.of(x));
        INDArray perChannel = x.permute(1, 0, 2, 3).dup('c').reshape('c', 4, 32);
        double[] mean = values(perChannel.mean(1)), var = values(perChannel.var(true, 1));
        double[] rm = values(bn.runningMean.value()), rv = values(bn.runningVar.value());
        for (int c = 0; c < 4; c++) {
            assertThat(rm[c]).isCloseTo(0.1 * mean[c], org.assertj.core.api.Assertions.within(1e-6));
            assertThat(rv[c]).isCloseTo(0.9 + 0.1 * var[c], org.assertj.core.api.Assertions.within(1e-6));
        }
        assertThat(bn.numBatchesTracked.value().getLong(0)).isEqualTo(1);
        bn.eval();
        bn.call(Tensor.of(x));
        assertThat(bn.numBatchesTracked.value().getLong(0)).as("eval does not count").isEqualTo(1);
    }

    @Test
    void embeddingPoolingUpsamplingAndActivations() {
        Embedding emb = new Embedding(5, 3);
        INDArray idx = Nd4j.createFromArray(new long[]{1, 4, 1, 0}).reshape(2, 2);
        assertLayerGradients("Embedding", emb, v -> emb.lookup(idx));
        check("MaxPool2d", Pool2d.max(2, 2, 0), distinctImage());
        check("AvgPool2d padding 1", Pool2d.avg(3, 2, 1), IMAGE);
        check("AdaptiveAvgPool2d 3", Pool2d.adaptiveAvg(3), IMAGE);
        check("Upsample", new Upsample(2), uniform(8, -1, 1, 1, 2, 2, 2));
        for (Activation a : new Activation[]{Activation.gelu(), Activation.geluTanh(), Activation.silu(), Activation.sigmoid(),
                Activation.tanh(), Activation.softmax(1), Activation.leakyRelu(0.1)}) {
            check(a.describe(), a, IMAGE);
        }
    }

    @Test
    void attentionBlocks() {
        check("SelfAttention", new SelfAttention(4, 2), uniform(9, -1, 1, 2, 3, 4));
        CrossAttention ca = new CrossAttention(4, 3, 2, 2);
        assertLayerGradients("CrossAttention", ca, v -> ca.call(v.get(0), v.get(1)), uniform(10, -1, 1, 1, 3, 4), uniform(11, -1, 1, 1, 2, 3));
    }

    @Test
    void containersAndDropout() {
        Sequential seq = new Sequential(new Conv2d(4, 2, 3, Conv2d.options().padding(1)), new BatchNorm2d(2), Activation.relu(),
                new Residual(new Conv2d(2, 2, 1)), Pool2d.adaptiveAvg(1), new Flatten(), new Linear(2, 3));
        seq.eval(); // batch norm with running statistics; relu away from zero is smooth
        check("Sequential", seq, IMAGE);
        Dropout drop = new Dropout(0.5);
        assertLayerGradients("Dropout (train, fixed seed)", drop, v -> {
            drop.reseed(3);
            return drop.call(v.get(0));
        }, IMAGE);
    }

    private static INDArray distinctImage() {
        INDArray x = uniform(12, 0, 1, 2, 4, 4, 4);
        for (long i = 0; i < x.length(); i++) x.putScalar(i, 0.01 * ((i * 37) % x.length()));
        return x;
    }
}
