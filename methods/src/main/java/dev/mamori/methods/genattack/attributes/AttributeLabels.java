package dev.mamori.methods.genattack.attributes;

import dev.mamori.data.Dataset;
import dev.mamori.data.LabeledImage;
import dev.mamori.data.emoji.EmojiFaceExample;
import dev.mamori.data.emoji.FaceAttributes;

import java.util.ArrayList;
import java.util.List;

/**
 * Several attribute targets of the same images: for each attribute (a {@link FaceAttributes#TARGETS} name) its class
 * names and one class index per image, in the images' order.
 *
 * @param labels [attribute][image]
 */
public record AttributeLabels(List<String> attributes, List<List<String>> classes, int[][] labels) {
    /** The attributes the EtC face papers score that emoji names state: skin tone, hair, gender, eyeglasses. */
    public static final List<String> FACE_ATTRIBUTES = List.of("skin-tone", "hair", "gender", "eyeglasses");

    public AttributeLabels {
        attributes = List.copyOf(attributes);
        classes = List.copyOf(classes);
        if (attributes.size() != classes.size() || attributes.size() != labels.length || attributes.isEmpty()) {
            throw new IllegalArgumentException("attribute labels: " + attributes.size() + " attributes, " + classes.size() + " class lists, "
                    + labels.length + " label rows");
        }
        for (int a = 0; a < labels.length; a++) {
            if (labels[a].length != labels[0].length) throw new IllegalArgumentException("attribute '" + attributes.get(a) + "' has another image count");
            for (int y : labels[a]) {
                if (y < 0 || y >= classes.get(a).size()) {
                    throw new IllegalArgumentException("attribute '" + attributes.get(a) + "': class " + y + " of " + classes.get(a).size());
                }
            }
        }
    }

    /** The attributes of emoji-faces examples (the split must be emoji-faces, whose examples carry them). */
    public static AttributeLabels of(Dataset<? extends LabeledImage> split, List<String> attributes) {
        List<FaceAttributes> faces = new ArrayList<>(split.size());
        for (int i = 0; i < split.size(); i++) {
            LabeledImage e = split.get(i);
            if (!(e instanceof EmojiFaceExample f)) {
                throw new IllegalArgumentException("face attributes need emoji-faces examples; got " + e.getClass().getSimpleName());
            }
            faces.add(f.attributes());
        }
        return of(faces, attributes);
    }

    public static AttributeLabels of(List<FaceAttributes> faces, List<String> attributes) {
        int[][] labels = new int[attributes.size()][faces.size()];
        List<List<String>> classes = new ArrayList<>();
        for (int a = 0; a < attributes.size(); a++) {
            classes.add(FaceAttributes.classesOf(attributes.get(a)));
            for (int i = 0; i < faces.size(); i++) labels[a][i] = faces.get(i).valueOf(attributes.get(a));
        }
        return new AttributeLabels(attributes, classes, labels);
    }

    public int images() {
        return labels[0].length;
    }

    /** The labels of the images at {@code rows}, in that order. */
    public AttributeLabels select(int[] rows) {
        int[][] out = new int[labels.length][rows.length];
        for (int a = 0; a < labels.length; a++) for (int i = 0; i < rows.length; i++) out[a][i] = labels[a][rows[i]];
        return new AttributeLabels(attributes, classes, out);
    }

    /** The total class count over all attributes (the width of the multi-head classifier's output). */
    public int totalClasses() {
        return classes.stream().mapToInt(List::size).sum();
    }
}
