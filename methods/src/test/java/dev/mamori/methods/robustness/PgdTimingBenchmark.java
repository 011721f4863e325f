package dev.mamori.methods.robustness;

import dev.mamori.data.Batch;
import dev.mamori.data.DataLoader;
import dev.mamori.data.LabeledImage;
import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.models.Classifier;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.Normalized;
import dev.mamori.nn.init.Init;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The performance note's measurement, not a unit test: PGD-10 on 1,000 Fashion-MNIST test images with the benchmark
 * ViT and ConvMixer (untrained weights: the timing does not depend on them). Run with
 * {@code MAMORI_BENCH=1 mvn -pl methods test -Dtest=PgdTimingBenchmark}; optional MAMORI_BENCH_BATCH (default 128).
 */
@EnabledIfEnvironmentVariable(named = "MAMORI_BENCH", matches = "1")
class PgdTimingBenchmark {

    @Test
    void pgd10OnTheBenchmarkModels() throws Exception {
        int batch = Integer.parseInt(System.getenv().getOrDefault("MAMORI_BENCH_BATCH", "128"));
        var test = DataCatalog.fromEnvironment().openImages("fashion-mnist", "test").first(1000);
        Batch all;
        try (DataLoader<LabeledImage, Batch> loader = DataLoader.images(test).batchSize(1000).build()) {
            all = loader.iterator().next();
        }
        // the suite's input_grad_ms in the same JVM and window, for the overhead of the attack around the model's gradient
        dev.mamori.eval.bench.NnBenchmark suite = dev.mamori.eval.bench.NnBenchmark.standard();
        for (String c : new String[]{"vit", "convmixer"}) System.out.println("SUITE " + suite.jsonLine(suite.run(c), "dev"));
        for (String name : new String[]{"vit_mini_patch4_28", "convmixer_128_8"}) {
            Init.seed(0);
            Classifier model = new Normalized(ModelRegistry.create(name), new double[]{0.2860}, new double[]{0.3530});
            model.eval();
            System.out.println("PGD-TIMING " + name + " (" + model.parameterCount() + " parameters): "
                    + PgdTiming.pgd10(name, model, all.images(), all.labels(), batch));
        }
    }
}
