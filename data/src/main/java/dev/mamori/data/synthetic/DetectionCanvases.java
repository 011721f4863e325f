package dev.mamori.data.synthetic;

import dev.mamori.data.BoxAnnotation;
import dev.mamori.data.Category;
import dev.mamori.data.Dataset;
import dev.mamori.data.DetectionDataset;
import dev.mamori.data.DetectionExample;
import dev.mamori.data.FloatImage;
import dev.mamori.data.LabeledImage;
import dev.mamori.data.Seeds;
import dev.mamori.data.formats.CocoFile;
import dev.mamori.data.transforms.Resize;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A synthetic detection dataset: objects from a grayscale classification dataset (e.g. Fashion-MNIST) resized to a
 * random side length (bilinear, antialiased when shrinking; values rounded to 8-bit steps so a PNG export is exact)
 * and pasted at random positions on a black canvas (pixel-wise maximum where they touch). Boxes
 * are exact: the tight box of each pasted object's non-zero pixels (or the whole pasted square). A placement whose
 * box overlaps an earlier one by more than {@code maxIou} is retried ({@link CanvasLayout}: up to 50 times, then that
 * object is left out).
 * Category id = source label + 1 (COCO keeps 0 for the background). Canvas i depends only on (seed, i).
 */
public final class DetectionCanvases implements DetectionDataset {
    private final Dataset<? extends LabeledImage> objects;
    private final int size;
    private final int canvas;
    private final int minObjects;
    private final int maxObjects;
    private final int minSide;
    private final int maxSide;
    private final double maxIou;
    private final boolean tightBoxes;
    private final int channels;
    private final long seed;
    private final List<Category> categories;

    private DetectionCanvases(Builder b) {
        this.objects = b.objects;
        this.size = b.size;
        this.canvas = b.canvas;
        this.minObjects = b.minObjects;
        this.maxObjects = b.maxObjects;
        this.minSide = b.minSide;
        this.maxSide = b.maxSide;
        this.maxIou = b.maxIou;
        this.tightBoxes = b.tightBoxes;
        this.channels = b.channels;
        this.seed = b.seed;
        List<String> names = objects.classes();
        List<Category> cats = new ArrayList<>();
        int classes = names.isEmpty() ? maxLabel(objects) + 1 : names.size();
        for (int k = 0; k < classes; k++) cats.add(new Category(k + 1, names.isEmpty() ? "class " + k : names.get(k), "object"));
        this.categories = List.copyOf(cats);
    }

    private static int maxLabel(Dataset<? extends LabeledImage> ds) {
        int max = 0;
        for (int i = 0; i < ds.size(); i++) max = Math.max(max, ds.labelAt(i));
        return max;
    }

    /** Canvases made of objects from a 1-channel labelled image dataset. */
    public static Builder builder(Dataset<? extends LabeledImage> objects) {
        return new Builder(objects);
    }

    @Override public int size() { return size; }

    @Override
    public List<Category> categories() {
        return categories;
    }

    @Override
    public DetectionExample get(int index) {
        Objects.checkIndex(index, size);
        SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, index, 0x444554L));
        float[] gray = new float[canvas * canvas];
        List<BoxAnnotation> placed = new ArrayList<>();
        int count = minObjects + rng.nextInt(maxObjects - minObjects + 1);
        for (int k = 0; k < count; k++) {
            int source = rng.nextInt(objects.size());
            int side = minSide + rng.nextInt(maxSide - minSide + 1);
            LabeledImage obj = objects.get(source);
            FloatImage img = obj.image().toFloat();
            if (img.channels() != 1) {
                throw new IllegalArgumentException("objects must be 1-channel images; example " + source + " is " + img.shapeString());
            }
            FloatImage patch = quantized(Resize.resize(img, side, side, side < Math.max(img.height(), img.width())));
            int[] tight = CanvasLayout.tightBox(patch.pixels(), 0, side, side, 0f);
            if (tight == null) continue; // a blank object cannot be annotated
            CanvasLayout.Placement at = CanvasLayout.place(rng, canvas, side, tightBoxes ? tight : null,
                    placed.stream().map(BoxAnnotation::box).toList(), maxIou);
            if (at != null) {
                paste(gray, patch, at.x(), at.y());
                placed.add(new BoxAnnotation(at.box(), obj.label() + 1));
            }
        }
        float[] pixels = gray;
        if (channels == 3) {
            pixels = new float[3 * gray.length];
            for (int c = 0; c < 3; c++) System.arraycopy(gray, 0, pixels, c * gray.length, gray.length);
        }
        return new DetectionExample(index + 1L, new FloatImage(channels, canvas, canvas, pixels), placed);
    }

    /**
     * Rounds to multiples of 1/255 so the canvas saved as 8-bit PNG is exactly the in-memory canvas and tight boxes
     * hold for both.
     */
    private static FloatImage quantized(FloatImage patch) {
        float[] p = patch.pixels().clone();
        for (int i = 0; i < p.length; i++) p[i] = Math.round(Math.max(0f, Math.min(1f, p[i])) * 255f) / 255f;
        return new FloatImage(patch.channels(), patch.height(), patch.width(), p);
    }

    private void paste(float[] gray, FloatImage patch, int x0, int y0) {
        int s = patch.width();
        float[] p = patch.pixels();
        for (int y = 0; y < patch.height(); y++) {
            for (int x = 0; x < s; x++) {
                int i = (y0 + y) * canvas + x0 + x;
                gray[i] = Math.max(gray[i], p[y * s + x]);
            }
        }
    }

    /**
     * Writes the canvases as COCO: dir/images/000001.png ... and dir/annotations.json (image ids index + 1).
     *
     * @return the annotation file that was written
     */
    public CocoFile exportCoco(Path dir) throws IOException {
        return CocoExport.write(this, dir);
    }

    public static final class Builder {
        private final Dataset<? extends LabeledImage> objects;
        private int size = 1000;
        private int canvas = 96;
        private int minObjects = 1;
        private int maxObjects = 4;
        private int minSide = 20;
        private int maxSide = 40;
        private double maxIou = 0.1;
        private boolean tightBoxes = true;
        private int channels = 1;
        private long seed;

        private Builder(Dataset<? extends LabeledImage> objects) {
            if (objects.size() == 0) throw new IllegalArgumentException("no objects to paste");
            this.objects = objects;
        }

        /** Number of canvases (default 1000). */
        public Builder size(int size) {
            if (size < 0) throw new IllegalArgumentException("size must be >= 0");
            this.size = size;
            return this;
        }

        /** Canvas side in pixels (default 96). */
        public Builder canvasSize(int pixels) {
            this.canvas = pixels;
            return this;
        }

        /** Objects per canvas, drawn uniformly from [min, max] (default 1..4). */
        public Builder objectsPerImage(int min, int max) {
            if (min < 0 || max < min) throw new IllegalArgumentException("need 0 <= min <= max, got " + min + ", " + max);
            this.minObjects = min;
            this.maxObjects = max;
            return this;
        }

        /** Side length of a pasted object in pixels, drawn uniformly from [min, max] (default 20..40). */
        public Builder objectSide(int min, int max) {
            if (min <= 0 || max < min) throw new IllegalArgumentException("need 0 < min <= max, got " + min + ", " + max);
            this.minSide = min;
            this.maxSide = max;
            return this;
        }

        /** Largest allowed IoU between two boxes of a canvas (default 0.1; 0 forbids any overlap). */
        public Builder maxIou(double iou) {
            this.maxIou = iou;
            return this;
        }

        /** Tight boxes around the non-zero pixels (default) or the whole pasted square. */
        public Builder tightBoxes(boolean tight) {
            this.tightBoxes = tight;
            return this;
        }

        /** 1 (default) or 3 channels (gray replicated). */
        public Builder channels(int channels) {
            if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3");
            this.channels = channels;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public DetectionCanvases build() {
            if (maxSide > canvas) {
                throw new IllegalArgumentException("objects of side up to " + maxSide + " do not fit a " + canvas + " canvas");
            }
            return new DetectionCanvases(this);
        }
    }
}
