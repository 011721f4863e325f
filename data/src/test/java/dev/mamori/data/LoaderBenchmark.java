package dev.mamori.data;

import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.data.transforms.ImageTransform;
import dev.mamori.data.transforms.Normalize;
import dev.mamori.data.transforms.RandomCrop;
import dev.mamori.data.transforms.RandomHorizontalFlip;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures DataLoader throughput on the real Fashion-MNIST (not a unit test: run by hand with
 * {@code java -cp <test classpath> dev.mamori.data.LoaderBenchmark}).
 */
public final class LoaderBenchmark {
    public static void main(String[] args) throws Exception {
        Dataset<? extends LabeledImage> train = DataCatalog.fromEnvironment().openImages("fashion-mnist", "train");
        Nd4j.create(1); // initialise the native backend outside the measurement
        ImageTransform augment = ImageTransform.compose(new RandomCrop(28, 4), new RandomHorizontalFlip(),
                new Normalize(new float[] {0.2860f}, new float[] {0.3530f}));
        for (int workers : new int[] {0, 1, 2}) {
            for (boolean withAugment : new boolean[] {false, true}) {
                DataLoader.Builder<LabeledImage, Batch> b = DataLoader.images(train).batchSize(128).shuffle(true)
                        .seed(1).workers(workers);
                if (withAugment) b.imageTransform(augment);
                try (DataLoader<LabeledImage, Batch> loader = b.build()) {
                    for (int epoch = 0; epoch < 3; epoch++) {
                        long start = System.nanoTime();
                        long seen = 0;
                        for (Batch batch : loader) seen += batch.size();
                        double s = (System.nanoTime() - start) / 1e9;
                        System.out.printf("workers=%d augment=%-5s epoch %d: %6.3f s, %9.0f images/s%n", workers,
                                withAugment, epoch, s, seen / s);
                    }
                }
            }
        }
    }
}
