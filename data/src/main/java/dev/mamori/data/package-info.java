/**
 * Datasets and batching (the torch.utils.data part of Mamori).
 *
 * <ul>
 *   <li>{@link dev.mamori.data.Dataset}: size() and get(i), thread-safe random access; first(n), sample(n, seed),
 *       subset(indices), withClasses(labels), split(valFraction, seed), map(f), Dataset.concat(...).</li>
 *   <li>Examples: {@link dev.mamori.data.ImageExample} (any {@link dev.mamori.data.LabeledImage}),
 *       {@link dev.mamori.data.DetectionExample} (boxes and category ids), {@link dev.mamori.data.TextExample}.
 *       Images are CHW: raw {@link dev.mamori.data.ByteImage} or [0, 1] {@link dev.mamori.data.FloatImage}.</li>
 *   <li>{@link dev.mamori.data.DataLoader}: batch size, seeded shuffling per epoch, drop-last, transforms with
 *       RNGs seeded from (seed, epoch, index), background prefetch; yields {@link dev.mamori.data.Batch}
 *       ([B, C, H, W] float32 INDArray, int[] labels, int[] indices), {@link dev.mamori.data.DetectionBatch} or
 *       {@link dev.mamori.data.TextBatch}.</li>
 * </ul>
 *
 * <pre>{@code
 * Dataset<? extends LabeledImage> train = DataCatalog.fromEnvironment().openImages("fashion-mnist", "train");
 * try (var loader = DataLoader.images(train).batchSize(128).shuffle(true).seed(0)
 *         .imageTransform(ImageTransform.compose(new RandomCrop(28, 2), new RandomHorizontalFlip())).build()) {
 *     for (int epoch = 0; epoch < 10; epoch++) for (Batch b : loader) train(b.images(), b.labels());
 * }
 * }</pre>
 *
 * Readers report bad files with {@link dev.mamori.data.MalformedDataException} (file, byte offset or line).
 */
package dev.mamori.data;
