package dev.mamori.nn.train;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Reduction;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.io.SafeTensors;
import dev.mamori.nn.layers.Activation;
import dev.mamori.nn.layers.Dropout;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.Sequential;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.optim.LrSchedule;
import dev.mamori.nn.optim.Optimizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The two-optimizer test case: a tiny GAN. The generator maps 4-d noise to 2-d points, the discriminator (with dropout,
 * so stochastic modules of two models are reseeded) tells them from points of a ring of 4 Gaussians. Alternating
 * updates, each model with its own Adam and schedule, an EMA of the generator with warm-up, and noise drawn from the
 * step's generator: everything a resumed run must reproduce.
 */
final class ToyGan {
    static final int NOISE = 4;
    final Sequential generator, discriminator;
    final Adam generatorOptimizer, discriminatorOptimizer;

    ToyGan(long initSeed) {
        Init.seed(initSeed);
        generator = new Sequential(new Linear(NOISE, 16), Activation.relu(), new Linear(16, 2));
        discriminator = new Sequential(new Linear(2, 16), Activation.leakyRelu(0.2), new Dropout(0.1), new Linear(16, 1));
        generatorOptimizer = new Adam(generator.namedParameters(), 2e-3, 0.5, 0.999, 1e-8, 0, false);
        discriminatorOptimizer = Adam.adamW(discriminator.namedParameters(), 1e-3, 0.01);
    }

    /** The alternating step: discriminator on real vs detached fakes, then the generator's non-saturating loss. */
    TrainingStep<INDArray> step() {
        return (real, ctx) -> {
            long b = real.size(0);
            ctx.zeroGrad("d");
            Tensor fake = generator.call(Tensor.of(ctx.normal(b, NOISE))).detach(); // [B, 2]
            Tensor dLoss = Losses.bceWithLogits(discriminator.call(Tensor.of(real)), Nd4j.ones(b, 1), Reduction.MEAN)
                    .add(Losses.bceWithLogits(discriminator.call(fake), Nd4j.zeros(b, 1), Reduction.MEAN));
            dLoss.backward();
            ctx.step("d");

            ctx.zeroGrad("g");
            Tensor gLoss = Losses.bceWithLogits(discriminator.call(generator.call(Tensor.of(ctx.normal(b, NOISE)))), Nd4j.ones(b, 1),
                    Reduction.MEAN);
            gLoss.backward();
            ctx.step("g");
            return StepResult.of(b).mean("d_loss", dLoss.item()).mean("g_loss", gLoss.item());
        };
    }

    Trainer<INDArray> trainer(TrainingStep<INDArray> step, TrainerConfig config) {
        return Trainer.builder(step, config)
                .module("generator", generator).module("discriminator", discriminator)
                .optimizer("g", generatorOptimizer, LrSchedule.cosine(2e-3, 1e-4, 40))
                .optimizer("d", discriminatorOptimizer, LrSchedule.constant(1e-3).withWarmup(5))
                .emaOf("generator")
                .build();
    }

    /** The usual configuration of the tests: EMA 0.9 with warm-up, clipping, a seed. */
    static TrainerConfig config(int epochs) {
        return TrainerConfig.epochs(epochs).withSeed(7).withEma(0.9, 0.75).withGradClipNorm(1.0).quiet();
    }

    /**
     * Every tensor of the training state, by name: both modules, both optimizers (moments and step counts) and the
     * generator's EMA (the averaged weights and, as a scalar, its number of updates).
     */
    static Map<String, INDArray> state(Trainer<INDArray> t) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        t.modules().forEach((n, m) -> m.stateDict().forEach((k, v) -> out.put("module." + n + "." + k, v)));
        t.optimizers().forEach((n, o) -> o.stateDict().forEach((k, v) -> out.put("optim." + n + "." + k, v)));
        Ema ema = t.ema("generator");
        ema.stateDict().forEach((k, v) -> out.put("ema." + k, v));
        out.put("ema.__updates__", Nd4j.scalar(ema.updates()));
        return out;
    }

    /** Writes {@link #state} as a safetensors file without metadata: equal states give byte-identical files. */
    static void writeState(Trainer<INDArray> t, Path file) throws IOException {
        SafeTensors.write(file, state(t), Map.of());
    }

    /** The history without wall-clock fields, one line per epoch. */
    static List<String> history(List<EpochRecord> h) {
        return h.stream().map(r -> r.epoch() + " " + r.step() + " " + r.metrics()).toList();
    }

    /** {@code n} points of a ring of 4 Gaussians (radius 2, std 0.2) in batches of {@code batch}, order from (seed, epoch). */
    static BatchSource<INDArray> ring(int n, int batch) {
        SplittableRandom rng = new SplittableRandom(123);
        float[][] points = new float[n][2];
        for (int i = 0; i < n; i++) {
            double angle = Math.PI / 2 * (i % 4);
            double g1 = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
            double g2 = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
            points[i][0] = (float) (2 * Math.cos(angle) + 0.2 * g1);
            points[i][1] = (float) (2 * Math.sin(angle) + 0.2 * g2);
        }
        return new BatchSource<>() {
            @Override
            public Iterator<INDArray> epoch(int epoch, long seed) {
                int[] order = Blobs.shuffledOrder(n, new SplittableRandom(seed * 31 + epoch));
                List<INDArray> batches = new ArrayList<>();
                for (int start = 0; start < n; start += batch) {
                    int size = Math.min(batch, n - start);
                    float[] flat = new float[2 * size];
                    for (int i = 0; i < size; i++) System.arraycopy(points[order[start + i]], 0, flat, 2 * i, 2);
                    batches.add(Nd4j.create(flat, new long[]{size, 2}, 'c'));
                }
                return batches.iterator();
            }

            @Override
            public long batchesPerEpoch() {
                return (n + batch - 1) / batch;
            }

            @Override
            public long examples() {
                return n;
            }
        };
    }
}
