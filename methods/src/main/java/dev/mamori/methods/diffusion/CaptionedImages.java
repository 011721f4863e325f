package dev.mamori.methods.diffusion;

import dev.mamori.data.Captioned;
import dev.mamori.data.Dataset;
import dev.mamori.data.FloatImage;
import dev.mamori.data.LabeledImage;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One split of a captioned image dataset held in memory for the generative stages: images [N, 3, H, W] in [0, 1],
 * class labels, each example's text (the caption template filled in), and the distinct texts as a table the examples
 * index (two vendors' drawings of one emoji share a text).
 *
 * @param images   [N, C, H, W] float32 in [0, 1]
 * @param labels   class index per example
 * @param texts    the distinct texts, in order of first appearance
 * @param textOf   each example's index into {@code texts}
 * @param classes  class names
 */
public record CaptionedImages(INDArray images, int[] labels, List<String> texts, int[] textOf, List<String> classes) {

    public int size() {
        return labels.length;
    }

    /** The text of example i. */
    public String text(int i) {
        return texts.get(textOf[i]);
    }

    /** A dataset split's examples, which must carry captions, with texts made by {@code template}. */
    public static CaptionedImages of(Dataset<? extends LabeledImage> split, String datasetName, String template) {
        int n = split.size();
        if (n == 0) throw new IllegalArgumentException("dataset '" + datasetName + "' has an empty split");
        List<String> classes = split.classes();
        LabeledImage first = split.get(0);
        int c = first.image().channels(), h = first.image().height(), w = first.image().width();
        float[] pixels = new float[n * c * h * w];
        int[] labels = new int[n], textOf = new int[n];
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            LabeledImage e = split.get(i);
            if (!(e instanceof Captioned captioned)) {
                throw new IllegalArgumentException("dataset '" + datasetName + "' has no captions (examples are " + e.getClass().getSimpleName()
                        + "); use a captioned one: emoji-category, emoji-faces, openmoji-sketch");
            }
            FloatImage img = e.image().toFloat();
            if (img.channels() != c || img.height() != h || img.width() != w) throw new IllegalArgumentException("dataset '" + datasetName + "' mixes image sizes");
            System.arraycopy(img.pixels(), 0, pixels, i * c * h * w, c * h * w);
            labels[i] = e.label();
            String category = classes.isEmpty() ? "" : classes.get(e.label()).toLowerCase(Locale.ROOT);
            String text = template.replace("{caption}", captioned.caption()).replace("{category}", category);
            textOf[i] = index.computeIfAbsent(text, k -> index.size());
        }
        return new CaptionedImages(Nd4j.create(pixels, new long[]{n, c, h, w}, 'c'), labels, new ArrayList<>(index.keySet()), textOf, classes);
    }

    /** The first {@code count} examples (all when count is 0 or too large). */
    public CaptionedImages head(int count) {
        if (count <= 0 || count >= size()) return this;
        int[] rows = new int[count];
        for (int i = 0; i < count; i++) rows[i] = i;
        return select(rows);
    }

    /** The examples at these rows, with their texts re-indexed. */
    public CaptionedImages select(int[] rows) {
        Map<String, Integer> index = new LinkedHashMap<>();
        int[] labelsOut = new int[rows.length], textOut = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labelsOut[i] = labels[rows[i]];
            textOut[i] = index.computeIfAbsent(text(rows[i]), k -> index.size());
        }
        INDArray imgs = Nd4j.pullRows(images.reshape(size(), images.length() / size()), 1, rows)
                .reshape(rows.length, images.size(1), images.size(2), images.size(3));
        return new CaptionedImages(imgs, labelsOut, new ArrayList<>(index.keySet()), textOut, classes);
    }
}
