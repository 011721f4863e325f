package dev.mamori.eval.report;

import dev.mamori.eval.metrics.ImageBatch;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A grid of images, one row per batch, e.g. clean | adversarial | amplified perturbation, with an optional label on
 * the left of each row and optional captions under each image (e.g. predicted class). Images are [N, C, H, W] with
 * C = 1 (gray) or 3 (RGB) and values in [0, 1] (values outside are clipped when drawn); they are enlarged by an
 * integer factor with nearest-neighbour sampling so that small images stay crisp.
 */
public final class ImageGrid {
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final int TARGET_CELL_PIXELS = 96;

    static {
        Headless.ensure();
    }

    private final List<Row> rows = new ArrayList<>();
    private int scale = 0;
    private int padding = 4;

    private record Row(String label, ImageBatch images, List<String> captions) {}

    public static ImageGrid builder() {
        return new ImageGrid();
    }

    /** A plain grid of a batch, {@code columns} images per row, no labels. */
    public static Figure of(String fileName, String caption, INDArray images, int columns) {
        if (columns < 1) throw new IllegalArgumentException("columns must be >= 1, got " + columns);
        long n = images.size(0);
        ImageGrid grid = builder();
        for (long start = 0; start < n; start += columns) {
            long end = Math.min(n, start + columns);
            grid.row(null, images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, end)));
        }
        return grid.figure(fileName, caption);
    }

    /**
     * The perturbation made visible: {@code 0.5 + factor * (adversarial - clean)}, clipped to [0, 1], so that gray
     * means unchanged. Same shape as the inputs.
     */
    public static INDArray amplifiedPerturbation(INDArray clean, INDArray adversarial, double factor) {
        ImageBatch x = ImageBatch.of(clean, "clean");
        ImageBatch y = ImageBatch.of(adversarial, "adversarial");
        x.requireSameShape(y, "clean", "adversarial");
        float[] out = new float[x.data().length];
        for (int i = 0; i < out.length; i++) {
            double v = 0.5 + factor * ((double) y.data()[i] - x.data()[i]);
            out[i] = (float) Math.min(1, Math.max(0, v));
        }
        return Nd4j.create(out, clean.shape());
    }

    /** Integer enlargement factor; by default chosen so that cells are about 96 pixels. */
    public ImageGrid scale(int factor) {
        if (factor < 1) throw new IllegalArgumentException("scale must be >= 1, got " + factor);
        this.scale = factor;
        return this;
    }

    /** Pixels between cells and around the grid. */
    public ImageGrid padding(int pixels) {
        if (pixels < 0) throw new IllegalArgumentException("padding must be >= 0, got " + pixels);
        this.padding = pixels;
        return this;
    }

    /** Adds a row; {@code label} may be null. */
    public ImageGrid row(String label, INDArray images) {
        return addRow(label, images, null);
    }

    /** Adds a row with one caption per image (null or empty for none). */
    public ImageGrid row(String label, INDArray images, List<String> captions) {
        if (captions == null) throw new IllegalArgumentException("captions are null; use row(label, images) for a row without captions");
        return addRow(label, images, captions);
    }

    private ImageGrid addRow(String label, INDArray images, List<String> captions) {
        String name = label == null ? "row " + rows.size() : "row '" + label + "'";
        ImageBatch batch = ImageBatch.of(images, name);
        if (batch.channels() != 1 && batch.channels() != 3) {
            throw new IllegalArgumentException(name + ": images need 1 or 3 channels, got shape " + batch.shapeText());
        }
        if (!rows.isEmpty()) {
            ImageBatch first = rows.get(0).images();
            if (first.height() != batch.height() || first.width() != batch.width()) {
                throw new IllegalArgumentException(name + ": images are " + batch.height() + "x" + batch.width()
                        + " but the first row's are " + first.height() + "x" + first.width());
            }
        }
        if (captions == null) captions = Collections.nCopies(batch.count(), null);
        if (captions.size() != batch.count()) {
            throw new IllegalArgumentException(name + ": " + captions.size() + " captions for " + batch.count() + " images");
        }
        rows.add(new Row(label, batch, new ArrayList<>(captions)));
        return this;
    }

    public Figure figure(String fileName, String caption) {
        List<String> drawn = new ArrayList<>();
        for (Row r : rows) {
            if (r.label() != null) drawn.add(r.label());
            r.captions().stream().filter(c -> c != null && !c.isEmpty()).forEach(drawn::add);
        }
        return new Figure(fileName, caption, render(), drawn);
    }

    public BufferedImage render() {
        if (rows.isEmpty()) throw new IllegalStateException("an image grid needs at least one row");
        ImageBatch first = rows.get(0).images();
        int factor = scale > 0 ? scale : Math.max(1, TARGET_CELL_PIXELS / Math.max(first.height(), first.width()));
        int cellW = first.width() * factor;
        int cellH = first.height() * factor;

        FontMetrics metrics = fontMetrics();
        int labelWidth = 0;
        int columnWidth = cellW;
        int columns = 0;
        for (Row r : rows) {
            if (r.label() != null) labelWidth = Math.max(labelWidth, metrics.stringWidth(r.label()) + padding);
            for (String c : r.captions()) if (c != null) columnWidth = Math.max(columnWidth, metrics.stringWidth(c));
            columns = Math.max(columns, r.images().count());
        }
        int captionHeight = metrics.getHeight();
        int width = padding + labelWidth + columns * (columnWidth + padding);
        int height = padding;
        for (Row r : rows) height += cellH + (hasCaptions(r) ? captionHeight : 0) + padding;

        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(FONT);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            int top = padding;
            for (Row r : rows) {
                if (r.label() != null) {
                    int baseline = top + cellH / 2 + (metrics.getAscent() - metrics.getDescent()) / 2;
                    g.drawString(r.label(), padding, baseline);
                }
                for (int i = 0; i < r.images().count(); i++) {
                    int left = padding + labelWidth + i * (columnWidth + padding);
                    drawImage(out, r.images(), i, left + (columnWidth - cellW) / 2, top, factor);
                    String caption = r.captions().get(i);
                    if (caption != null && !caption.isEmpty()) {
                        int x = left + (columnWidth - metrics.stringWidth(caption)) / 2;
                        g.drawString(caption, x, top + cellH + metrics.getAscent());
                    }
                }
                top += cellH + (hasCaptions(r) ? captionHeight : 0) + padding;
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static boolean hasCaptions(Row r) {
        return r.captions().stream().anyMatch(c -> c != null && !c.isEmpty());
    }

    private static void drawImage(BufferedImage out, ImageBatch batch, int n, int left, int top, int factor) {
        float[] data = batch.data();
        int plane = batch.planeSize();
        int base = batch.offset(n);
        boolean gray = batch.channels() == 1;
        for (int y = 0; y < batch.height(); y++) {
            for (int x = 0; x < batch.width(); x++) {
                int p = base + y * batch.width() + x;
                int r = toByte(data[p]);
                int gr = gray ? r : toByte(data[p + plane]);
                int b = gray ? r : toByte(data[p + 2 * plane]);
                int rgb = (r << 16) | (gr << 8) | b;
                for (int dy = 0; dy < factor; dy++) {
                    for (int dx = 0; dx < factor; dx++) out.setRGB(left + x * factor + dx, top + y * factor + dy, rgb);
                }
            }
        }
    }

    private static int toByte(float v) {
        return Math.round(Math.min(1f, Math.max(0f, v)) * 255f);
    }

    private static FontMetrics fontMetrics() {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            return g.getFontMetrics(FONT);
        } finally {
            g.dispose();
        }
    }
}
