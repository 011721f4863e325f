package dev.mamori.methods.sketch2photo;

import dev.mamori.data.Dataset;
import dev.mamori.data.FloatImage;
import dev.mamori.data.LabeledImage;
import dev.mamori.data.emoji.SketchPair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The test of sketch-to-photo: OpenMoji's hand-drawn black line art of held-out emoji (drawn by OpenMoji's designers,
 * never extracted from the colour image: the paper's test condition) with the colour rendering as ground truth and
 * the emoji's text as the prompt; one per emoji identity (skin-tone variants share their line art), none of them in
 * training.
 *
 * @param sketches   line art [N, 3, H, W] in [0, 1]
 * @param truth      colour renderings [N, 3, H, W] in [0, 1]
 * @param prompts    each sketch's text (the training caption template filled in)
 * @param labels     each emoji's category (OpenMoji group)
 * @param identities each emoji's identity
 * @param classes    category names
 */
public record TestSketches(INDArray sketches, INDArray truth, List<String> prompts, int[] labels, List<String> identities, List<String> classes) {

    public int size() {
        return labels.length;
    }

    /**
     * Up to {@code count} (0: all) test pairs of distinct identities, drawn with {@code seed}; an identity that is also in
     * {@code trainingIdentities} is an error (the test would not be held out).
     */
    public static TestSketches heldOut(Dataset<? extends LabeledImage> test, Set<String> trainingIdentities, int count, long seed, String template) {
        Map<String, SketchPair> byIdentity = new LinkedHashMap<>();
        for (int i = 0; i < test.size(); i++) {
            SketchPair p = pair(test.get(i));
            if (trainingIdentities.contains(p.emoji().identity())) {
                throw new IllegalStateException("test emoji " + p.emoji().hexcode() + " (identity " + p.emoji().identity()
                        + ") is also in the training images: the test must be held out by identity");
            }
            byIdentity.putIfAbsent(p.emoji().identity(), p);
        }
        if (byIdentity.isEmpty()) throw new IllegalArgumentException("the test split has no sketches");
        List<SketchPair> pairs = new ArrayList<>(byIdentity.values());
        Collections.shuffle(pairs, new Random(seed));
        if (count > 0 && count < pairs.size()) pairs = pairs.subList(0, count);
        int n = pairs.size();
        FloatImage first = pairs.get(0).colour().toFloat();
        int len = first.channels() * first.height() * first.width();
        float[] sketch = new float[n * len], colour = new float[n * len];
        List<String> prompts = new ArrayList<>(), ids = new ArrayList<>();
        int[] labels = new int[n];
        List<String> classes = test.classes();
        for (int i = 0; i < n; i++) {
            SketchPair p = pairs.get(i);
            System.arraycopy(p.lineArt().toFloat().pixels(), 0, sketch, i * len, len);
            System.arraycopy(p.colour().toFloat().pixels(), 0, colour, i * len, len);
            labels[i] = p.label();
            ids.add(p.emoji().identity());
            String category = classes.isEmpty() ? "" : classes.get(p.label()).toLowerCase(Locale.ROOT);
            prompts.add(template.replace("{caption}", p.caption()).replace("{category}", category));
        }
        long[] shape = {n, first.channels(), first.height(), first.width()};
        return new TestSketches(Nd4j.create(sketch, shape, 'c'), Nd4j.create(colour, shape, 'c'), prompts, labels, ids, classes);
    }

    /** The identities of a split's emoji. */
    public static Set<String> identities(Dataset<? extends LabeledImage> split) {
        Set<String> out = new java.util.HashSet<>();
        for (int i = 0; i < split.size(); i++) out.add(pair(split.get(i)).emoji().identity());
        return out;
    }

    private static SketchPair pair(LabeledImage e) {
        if (!(e instanceof SketchPair p)) {
            throw new IllegalArgumentException("sketch-to-photo needs (line art, colour) pairs (the openmoji-sketch dataset); got "
                    + e.getClass().getSimpleName() + " examples");
        }
        return p;
    }
}
