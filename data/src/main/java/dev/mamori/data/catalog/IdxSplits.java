package dev.mamori.data.catalog;

import dev.mamori.data.formats.MnistFiles;
import java.nio.file.Path;

/** Whether a directory holds the four IDX files of an MNIST-style dataset. */
final class IdxSplits {
    static final String FILES = "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz "
            + "and t10k-labels-idx1-ubyte.gz";

    private IdxSplits() {}

    static boolean complete(Path dir) {
        return MnistFiles.find(dir, "train", "images", "idx3").isPresent()
                && MnistFiles.find(dir, "train", "labels", "idx1").isPresent()
                && MnistFiles.find(dir, "t10k", "images", "idx3").isPresent()
                && MnistFiles.find(dir, "t10k", "labels", "idx1").isPresent();
    }
}
