package dev.mamori.methods.detection;

import dev.mamori.data.BoxAnnotation;
import dev.mamori.data.Category;
import dev.mamori.data.DetectionBatch;
import dev.mamori.data.DetectionDataset;
import dev.mamori.data.DetectionExample;
import dev.mamori.data.FloatImage;
import dev.mamori.eval.detection.GroundTruth;
import dev.mamori.nn.Stochastic;
import dev.mamori.nn.train.BatchSource;
import dev.mamori.nn.util.Progress;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Detection examples decoded once and held in memory: images of one size as float32 CHW in [0, 1], each image's
 * objects, image ids and the categories. Source of training batches (order a pure function of seed and epoch) and of
 * the evaluation's ground truth.
 */
public final class DetectionData {
    private final float[] pixels;
    private final int channels, height, width;
    private final List<List<BoxAnnotation>> objects;
    private final long[] imageIds;
    private final List<Category> categories;

    private DetectionData(float[] pixels, int channels, int height, int width, List<List<BoxAnnotation>> objects, long[] imageIds,
                          List<Category> categories) {
        this.pixels = pixels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.objects = objects;
        this.imageIds = imageIds;
        this.categories = categories;
    }

    /** The first {@code limit} examples of a dataset (all when limit <= 0 or larger), decoded with progress on {@code log}. */
    public static DetectionData load(DetectionDataset dataset, int limit, PrintStream log) {
        int n = limit <= 0 ? dataset.size() : Math.min(limit, dataset.size());
        if (n == 0) throw new IllegalArgumentException("no detection examples to load");
        float[] pixels = null;
        int c = 0, h = 0, w = 0;
        List<List<BoxAnnotation>> objects = new ArrayList<>(n);
        long[] ids = new long[n];
        try (Progress progress = Progress.plain("loading " + n + " detection images", n, log)) {
            for (int i = 0; i < n; i++) {
                DetectionExample e = dataset.get(i);
                FloatImage img = e.image().toFloat();
                if (pixels == null) {
                    c = img.channels();
                    h = img.height();
                    w = img.width();
                    pixels = new float[Math.multiplyExact(n, c * h * w)];
                } else if (img.channels() != c || img.height() != h || img.width() != w) {
                    throw new IllegalArgumentException("detection image " + e.imageId() + " is " + img.shapeString() + "; the first was "
                            + c + "x" + h + "x" + w + " (all images must have one size)");
                }
                System.arraycopy(img.pixels(), 0, pixels, i * c * h * w, c * h * w);
                objects.add(e.objects());
                ids[i] = e.imageId();
                progress.step();
            }
        }
        return new DetectionData(pixels, c, h, w, List.copyOf(objects), ids, List.copyOf(dataset.categories()));
    }

    /** The examples at {@code indices}, in that order. */
    public DetectionData subset(int[] indices) {
        int len = channels * height * width;
        float[] p = new float[indices.length * len];
        List<List<BoxAnnotation>> o = new ArrayList<>(indices.length);
        long[] ids = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * len, p, i * len, len);
            o.add(objects.get(indices[i]));
            ids[i] = imageIds[indices[i]];
        }
        return new DetectionData(p, channels, height, width, List.copyOf(o), ids, categories);
    }

    /** A seeded random subset of {@code count} examples (all when count >= size). */
    public DetectionData sample(int count, long seed) {
        int n = size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return subset(java.util.Arrays.copyOf(order, Math.min(count, n)));
    }

    public int size() {
        return imageIds.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public List<Category> categories() {
        return categories;
    }

    /** The category names joined by ", ". */
    public String classesText() {
        return String.join(", ", categories.stream().map(Category::name).toList());
    }

    /** Objects of all images. */
    public long objectCount() {
        return objects.stream().mapToLong(List::size).sum();
    }

    /** The ground truth for a COCO-style evaluation of these images (areas = box areas). */
    public GroundTruth groundTruth() {
        List<GroundTruth.Instance> all = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            ids.add(imageIds[i]);
            for (BoxAnnotation a : objects.get(i)) all.add(new GroundTruth.Instance(imageIds[i], a.category(), a.box(), a.box().area(), a.crowd()));
        }
        return new GroundTruth(ids, categories.stream().map(Category::id).toList(), all);
    }

    /** Batches of {@code batchSize} (the last may be smaller), shuffled per (seed, epoch) or in storage order. */
    public BatchSource<DetectionBatch> batches(int batchSize, boolean shuffle) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        int n = size();
        return new BatchSource<>() {
            @Override
            public Iterator<DetectionBatch> epoch(int epoch, long seed) {
                int[] order = new int[n];
                for (int i = 0; i < n; i++) order[i] = i;
                if (shuffle) {
                    SplittableRandom rng = new SplittableRandom(Stochastic.mix(seed, epoch));
                    for (int i = n - 1; i > 0; i--) {
                        int j = rng.nextInt(i + 1);
                        int t = order[i];
                        order[i] = order[j];
                        order[j] = t;
                    }
                }
                return new Iterator<>() {
                    int next = 0;

                    @Override
                    public boolean hasNext() {
                        return next < n;
                    }

                    @Override
                    public DetectionBatch next() {
                        if (!hasNext()) throw new NoSuchElementException();
                        int[] idx = java.util.Arrays.copyOfRange(order, next, Math.min(n, next + batchSize));
                        next += idx.length;
                        return batch(idx);
                    }
                };
            }

            @Override
            public long batchesPerEpoch() {
                return (n + batchSize - 1) / batchSize;
            }

            @Override
            public long examples() {
                return n;
            }
        };
    }

    /** The examples at {@code indices} as one batch. */
    public DetectionBatch batch(int[] indices) {
        int len = channels * height * width;
        float[] x = new float[indices.length * len];
        List<List<BoxAnnotation>> o = new ArrayList<>(indices.length);
        long[] ids = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * len, x, i * len, len);
            o.add(objects.get(indices[i]));
            ids[i] = imageIds[indices[i]];
        }
        return new DetectionBatch(Nd4j.create(x, new long[]{indices.length, channels, height, width}, 'c'), List.copyOf(o), ids, indices.clone());
    }
}
