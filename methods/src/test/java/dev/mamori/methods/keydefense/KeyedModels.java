package dev.mamori.methods.keydefense;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.methods.testing.TestImages;
import dev.mamori.models.Classifier;
import dev.mamori.models.ModelRegistry;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/** Small registry models with random weights, and helpers to run them, for the keyed-model tests. */
final class KeyedModels {
    private KeyedModels() {}

    /**
     * A registry model with weights from {@code seed}, in eval mode. Batch norms get running statistics from a few
     * training-mode passes over varied images: with PyTorch's default initialisation and the initial statistics
     * (mean 0, variance 1), a deep ConvMixer's signal shrinks block after block and its logits hardly depend on the
     * input, which would make equality tests vacuous.
     */
    static Classifier model(String name, long seed) {
        Classifier m = uncalibrated(name, seed);
        calibrateBatchNorms(m, seed);
        return m;
    }

    /** A registry model with weights from {@code seed}, in eval mode, batch norms as initialised (for tests that do not run it). */
    static Classifier uncalibrated(String name, long seed) {
        Init.seed(seed);
        Classifier m = ModelRegistry.create(name);
        m.eval();
        return m;
    }

    /**
     * Gives every batch norm the statistics of one batch of varied images, in a single training-mode pass: the pass
     * moves running = (1 - momentum) * old + momentum * batch, which is solved for the batch statistics.
     */
    static void calibrateBatchNorms(Classifier m, long seed) {
        java.util.List<dev.mamori.nn.layers.BatchNorm2d> norms = m.namedModules().values().stream()
                .filter(x -> x instanceof dev.mamori.nn.layers.BatchNorm2d).map(x -> (dev.mamori.nn.layers.BatchNorm2d) x).toList();
        if (norms.isEmpty()) return;
        java.util.List<INDArray[]> before = norms.stream().map(bn -> new INDArray[]{bn.runningMean.value().dup(), bn.runningVar.value().dup()}).toList();
        m.train();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            // images with global differences and images with fine texture, as real data has both
            INDArray smooth = varied(seed + 99, 4, m.inChannels(), m.imageSize());
            INDArray noise = TestImages.uniform(seed + 98, org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, m.inChannels(), m.imageSize(), m.imageSize());
            m.call(Tensor.of(org.nd4j.linalg.factory.Nd4j.concat(0, smooth, noise)));
        }
        m.eval();
        for (int i = 0; i < norms.size(); i++) {
            var bn = norms.get(i);
            double k = bn.momentum;
            bn.runningMean.value().assign(bn.runningMean.value().sub(before.get(i)[0].mul(1 - k)).div(k));
            bn.runningVar.value().assign(bn.runningVar.value().sub(before.get(i)[1].mul(1 - k)).div(k));
        }
    }

    /**
     * Images in [0, 1] that differ in their global statistics (each has its own brightness, contrast and a smooth
     * gradient plus noise), so that globally pooled models such as ConvMixer give clearly different logits for them;
     * i.i.d. noise images would all look alike after global average pooling.
     */
    static INDArray varied(long seed, int n, int c, int size) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        float[] v = new float[n * c * size * size];
        int i = 0;
        for (int img = 0; img < n; img++) {
            double mean = 0.2 + 0.6 * rng.nextDouble(), contrast = 0.05 + 0.2 * rng.nextDouble();
            double gx = rng.nextDouble() - 0.5, gy = rng.nextDouble() - 0.5;
            for (int ch = 0; ch < c; ch++) {
                double channelShift = 0.1 * (rng.nextDouble() - 0.5);
                for (int y = 0; y < size; y++)
                    for (int x = 0; x < size; x++) {
                        double val = mean + channelShift + 0.3 * (gx * x + gy * y) / size + contrast * (rng.nextDouble() - 0.5);
                        v[i++] = (float) Math.min(1, Math.max(0, val));
                    }
            }
        }
        return org.nd4j.linalg.factory.Nd4j.create(v, new long[]{n, c, size, size}, 'c');
    }

    /** The largest difference between the logits of any image and those of the first (how much the model varies). */
    static double spread(INDArray logits) {
        return logits.sub(logits.getRow(0)).amaxNumber().doubleValue();
    }

    /** A small colour ViT (3 x 16 x 16, patch 4) from the registry's vit family. */
    static Classifier colourVit(long seed) {
        Init.seed(seed);
        Classifier m = ModelRegistry.create("vit", Map.of("imageSize", 16, "patchSize", 4, "inChannels", 3, "numClasses", 10,
                "embedDim", 48, "depth", 2, "heads", 2, "mlpRatio", 2.0));
        m.eval();
        return m;
    }

    /** A small colour ConvMixer (3 x 16 x 16, patch 2) from the registry's convmixer family. */
    static Classifier colourConvMixer(long seed) {
        Init.seed(seed);
        Classifier m = ModelRegistry.create("convmixer", Map.of("dim", 48, "depth", 2, "kernelSize", 3, "patchSize", 2, "inChannels", 3,
                "numClasses", 10, "imageSize", 16, "activation", "gelu"));
        calibrateBatchNorms(m, seed);
        m.eval();
        return m;
    }

    /** A tiny ViT for 1 x 28 x 28 images (patch 4) from the registry's vit family: fast enough to train in a test. */
    static Classifier tinyVit(long seed) {
        Init.seed(seed);
        Classifier m = ModelRegistry.create("vit", Map.of("imageSize", 28, "patchSize", 4, "inChannels", 1, "numClasses", 10,
                "embedDim", 32, "depth", 2, "heads", 2, "mlpRatio", 2.0));
        m.eval();
        return m;
    }

    /** A tiny ConvMixer for 1 x 28 x 28 images (patch 4) from the registry's convmixer family. */
    static Classifier tinyConvMixer(long seed) {
        Init.seed(seed);
        Classifier m = ModelRegistry.create("convmixer", Map.of("dim", 32, "depth", 2, "kernelSize", 3, "patchSize", 4, "inChannels", 1,
                "numClasses", 10, "imageSize", 28, "activation", "gelu"));
        calibrateBatchNorms(m, seed);
        m.eval();
        return m;
    }

    /** A registry name, or "colour_vit" / "colour_convmixer" for the small colour models above. */
    static Classifier byName(String name, long seed) {
        return switch (name) {
            case "colour_vit" -> colourVit(seed);
            case "colour_convmixer" -> colourConvMixer(seed);
            default -> model(name, seed);
        };
    }

    /** Logits without a tape. */
    static INDArray logits(Module m, INDArray x) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return m.call(Tensor.of(x)).value().dup();
        }
    }
}
