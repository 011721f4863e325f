package dev.mamori.models.detection;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * CenterNet's training targets (xingyizhou/CenterNet src/lib/datasets/sample/ctdet.py and utils/image.py): for each
 * object, its box is divided by the output stride and clipped to the map; a Gaussian of radius
 * {@link #gaussianRadius} (min_overlap 0.7) is drawn at the integer centre of its class heatmap (element-wise
 * maximum with what is there); its slot holds the centre index y * W + x, the size (w, h) and the offset of the
 * true centre from the integer one, with mask 1. Computed in float64, stored in float32 as CenterNet's numpy maps.
 *
 * @param numClasses heatmap channels
 * @param stride     the output stride (pixels per map cell)
 * @param mapHeight  output map height
 * @param mapWidth   output map width
 * @param maxObjects K, the object slots per image (objects beyond it are left out, as CenterNet's max_objs)
 * @param minOverlap the IoU a box shifted within the radius keeps with the true box (0.7)
 */
public record CenterNetTargets(int numClasses, int stride, int mapHeight, int mapWidth, int maxObjects, double minOverlap) {

    public CenterNetTargets {
        if (numClasses < 1 || stride < 1 || mapHeight < 1 || mapWidth < 1 || maxObjects < 1) {
            throw new IllegalArgumentException("classes, stride, map size and object slots must be positive");
        }
        if (!(minOverlap > 0 && minOverlap < 1)) throw new IllegalArgumentException("min overlap must be in (0, 1), got " + minOverlap);
    }

    /** Targets for a network of this config: its classes, stride and output map at its image size, min overlap 0.7. */
    public static CenterNetTargets forModel(CenterNet.Config c, int maxObjects) {
        return new CenterNetTargets(c.numClasses(), c.outputStride(), c.outputSize(), c.outputSize(), maxObjects, 0.7);
    }

    /** One object: its box in image pixels (x1, y1, x2, y2) and its class index (0-based). */
    public record Target(double x1, double y1, double x2, double y2, int classIndex) {}

    /**
     * A batch of targets: heatmap [B, classes, h, w], centre index [B, K] (int64), size [B, K, 2], offset [B, K, 2],
     * mask [B, K] (1 where a slot holds an object).
     */
    public record Batch(INDArray heatmap, INDArray index, INDArray size, INDArray offset, INDArray mask) {}

    /** One object as drawn on the map: everything CenterNet computes for it (the gaussian_heatmap fixture's fields). */
    public record Encoded(double cx, double cy, int cxInt, int cyInt, int radius, double width, double height, int index) {}

    /** The targets of a batch of images, each a list of objects in image pixels. */
    public Batch encode(List<List<Target>> images) {
        int b = images.size(), hw = mapHeight * mapWidth;
        float[] heat = new float[b * numClasses * hw];
        long[] index = new long[b * maxObjects];
        float[] size = new float[b * maxObjects * 2], offset = new float[b * maxObjects * 2], mask = new float[b * maxObjects];
        for (int n = 0; n < b; n++) {
            int slot = 0;
            for (Target t : images.get(n)) {
                if (slot == maxObjects) break;
                if (t.classIndex() < 0 || t.classIndex() >= numClasses) {
                    throw new IllegalArgumentException("class index " + t.classIndex() + " outside 0.." + (numClasses - 1));
                }
                Encoded e = draw(heat, (n * numClasses + t.classIndex()) * hw, t.x1() / stride, t.y1() / stride, t.x2() / stride, t.y2() / stride);
                if (e == null) continue;
                int k = n * maxObjects + slot++;
                index[k] = e.index();
                size[2 * k] = (float) e.width();
                size[2 * k + 1] = (float) e.height();
                offset[2 * k] = (float) (e.cx() - e.cxInt());
                offset[2 * k + 1] = (float) (e.cy() - e.cyInt());
                mask[k] = 1;
            }
        }
        return new Batch(Nd4j.create(heat, new long[]{b, numClasses, mapHeight, mapWidth}, 'c'),
                Nd4j.createFromArray(index).reshape('c', b, maxObjects),
                Nd4j.create(size, new long[]{b, maxObjects, 2}, 'c'), Nd4j.create(offset, new long[]{b, maxObjects, 2}, 'c'),
                Nd4j.create(mask, new long[]{b, maxObjects}, 'c'));
    }

    /**
     * Draws one box given in map coordinates (before clipping) onto the heatmap channel that starts at
     * {@code channelOffset} of {@code heat}; null when the clipped box is empty (CenterNet skips it).
     */
    public Encoded draw(float[] heat, int channelOffset, double x1, double y1, double x2, double y2) {
        x1 = clip(x1, mapWidth - 1);
        x2 = clip(x2, mapWidth - 1);
        y1 = clip(y1, mapHeight - 1);
        y2 = clip(y2, mapHeight - 1);
        double h = y2 - y1, w = x2 - x1;
        if (!(h > 0 && w > 0)) return null;
        int radius = Math.max(0, (int) gaussianRadius(Math.ceil(h), Math.ceil(w), minOverlap));
        double cx = (x1 + x2) / 2, cy = (y1 + y2) / 2;
        int cxInt = (int) cx, cyInt = (int) cy;
        drawGaussian(heat, channelOffset, cxInt, cyInt, radius);
        return new Encoded(cx, cy, cxInt, cyInt, radius, w, h, cyInt * mapWidth + cxInt);
    }

    private static double clip(double v, double max) {
        return Math.min(Math.max(v, 0), max);
    }

    /**
     * CenterNet's gaussian_radius as written there (the three quadratic roots divided by 2 rather than 2a, which makes
     * the radius larger than the derivation intends; kept for parity): min(r1, r2, r3) for a box of height h and width w.
     */
    public static double gaussianRadius(double height, double width, double minOverlap) {
        double m = minOverlap;
        double b1 = height + width, c1 = width * height * (1 - m) / (1 + m);
        double r1 = (b1 + Math.sqrt(b1 * b1 - 4 * c1)) / 2;
        double b2 = 2 * (height + width), c2 = (1 - m) * width * height;
        double r2 = (b2 + Math.sqrt(b2 * b2 - 16 * c2)) / 2;
        double a3 = 4 * m, b3 = -2 * m * (height + width), c3 = (m - 1) * width * height;
        double r3 = (b3 + Math.sqrt(b3 * b3 - 4 * a3 * c3)) / 2;
        return Math.min(r1, Math.min(r2, r3));
    }

    /**
     * draw_umich_gaussian: the maximum of the map and a Gaussian of diameter 2r + 1 (sigma = diameter / 6; values
     * below float64 eps times the peak set to 0) centred at (cx, cy), cropped at the map's borders.
     */
    private void drawGaussian(float[] heat, int channelOffset, int cx, int cy, int radius) {
        double sigma = (2 * radius + 1) / 6.0;
        double floor = Math.ulp(1.0);                                     // np.finfo(float64).eps times the peak 1
        int left = Math.min(cx, radius), right = Math.min(mapWidth - cx, radius + 1);
        int top = Math.min(cy, radius), bottom = Math.min(mapHeight - cy, radius + 1);
        for (int dy = -top; dy < bottom; dy++) {
            for (int dx = -left; dx < right; dx++) {
                double g = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
                if (g < floor) g = 0;
                int i = channelOffset + (cy + dy) * mapWidth + cx + dx;
                heat[i] = (float) Math.max(heat[i], g);
            }
        }
    }
}
